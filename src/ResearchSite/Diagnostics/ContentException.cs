namespace ResearchSite.Diagnostics;

/// <summary>Thrown when a phase cannot continue; the diagnostics already explain why.</summary>
public sealed class ContentException(string message) : Exception(message);
