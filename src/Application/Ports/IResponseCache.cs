namespace LlmGateway.Application.Ports;

/// <summary>Stores already-filtered answers under a key that includes the policy version.</summary>
public interface IResponseCache
{
    /// <summary>The stored answer, or null on a miss. An unavailable store behaves as a miss, never as an error.</summary>
    ValueTask<Completion?> TryGetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores an answer; failures are swallowed after logging — a cache never fails a request.</summary>
    ValueTask SetAsync(string key, Completion completion, CancellationToken cancellationToken);
}
