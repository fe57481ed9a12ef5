namespace LlmGateway.Application.Common;

/// <summary>The authenticated identity a request runs as, taken from a validated token.</summary>
public sealed record Caller(string UserId, Role Role);
