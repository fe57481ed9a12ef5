namespace LlmGateway.Domain.Filtering;

/// <summary>How many spans of one type were replaced in an answer.</summary>
public sealed record Redaction(string Type, int Count);

/// <param name="Text">The answer as the client may see it.</param>
public readonly record struct FilterResult(string Text, IReadOnlyList<Redaction> Redactions);
