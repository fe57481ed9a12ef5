namespace LlmGateway.Application.Ports;

/// <summary>
/// A shared store could not be reached for an operation that must not fail open (logins, user and policy
/// administration). Handlers turn it into <see cref="Domain.GatewayError.StoreUnavailable"/>; the hot-path
/// ports (rate limiter, cache, live policy) never throw it — they fail open instead.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
