using System.Collections.Concurrent;

namespace ResearchSite.Diagnostics;

/// <summary>
/// Collects every problem of a build so that all of them are reported together;
/// the render phase runs in parallel, hence the concurrent queue.
/// </summary>
public sealed class DiagnosticBag
{
    private readonly ConcurrentQueue<Diagnostic> items = new();

    public void Add(Diagnostic diagnostic) => items.Enqueue(diagnostic);

    public void Error(string file, int line, int column, string message) =>
        Add(new Diagnostic(Severity.Error, file, line, column, message));

    public void Warning(string file, int line, int column, string message) =>
        Add(new Diagnostic(Severity.Warning, file, line, column, message));

    public bool HasErrors => items.Any(d => d.IsError);

    public int ErrorCount => items.Count(d => d.IsError);

    /// <summary>
    /// Stable order (file, line, column) so that output does not depend on thread scheduling; a problem
    /// met twice (a theme file read by two steps) is reported once.
    /// </summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        items.Distinct().OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
}
