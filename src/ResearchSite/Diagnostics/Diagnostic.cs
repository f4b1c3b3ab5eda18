namespace ResearchSite.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>One problem found in the author's input, printed the way compilers do so editors can jump to it.</summary>
public sealed record Diagnostic(Severity Severity, string File, int Line, int Column, string Message)
{
    public bool IsError => Severity == Severity.Error;

    public override string ToString() =>
        $"{File}({Line},{Column}): {(IsError ? "error" : "warning")}: {Message}";
}
