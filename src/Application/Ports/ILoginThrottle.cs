namespace LlmGateway.Application.Ports;

/// <summary>
/// Slows password guessing without ever locking an account: failures are counted per (user id, client address),
/// and per user id across addresses. An address that failed too often for one user waits (Retry-After) — that
/// pair only; once a user id collects more failures than the slow-down threshold from anywhere, every further
/// failing address waits for a delay that doubles with each failure. An address that has not failed for the user
/// (the real user elsewhere) is never held back, and a right password clears its address's failures.
/// Implementations fail open, as the rate limiter does.
/// </summary>
public interface ILoginThrottle
{
    /// <summary>Whether <paramref name="clientAddress"/> may try a password for <paramref name="userId"/> now.</summary>
    ValueTask<LoginGate> CheckAsync(string userId, string clientAddress, LoginLimits limits, CancellationToken cancellationToken);

    /// <summary>Counts a wrong password (or unknown user); returns the user id's failures in the window.</summary>
    ValueTask<long> RecordFailureAsync(string userId, string clientAddress, LoginLimits limits, CancellationToken cancellationToken);

    /// <summary>A right password: this address's failures and wait for the user are forgotten.</summary>
    ValueTask RecordSuccessAsync(string userId, string clientAddress, CancellationToken cancellationToken);
}

/// <param name="MaxFailuresPerClient">Failures of one (user id, address) pair per window before it waits for the window's end.</param>
/// <param name="SlowDownAfter">Failures of one user id from all addresses per window before each further failing address waits.</param>
/// <param name="Window">How long failures are remembered.</param>
/// <param name="FirstDelay">The first slow-down wait; each further failure doubles it, up to <paramref name="Window"/>.</param>
public readonly record struct LoginLimits(int MaxFailuresPerClient, int SlowDownAfter, TimeSpan Window, TimeSpan FirstDelay)
{
    /// <summary>The wait after the user id's <paramref name="failures"/>-th failure in the window: none up to the threshold.</summary>
    public TimeSpan SlowDown(long failures)
    {
        var over = failures - SlowDownAfter;
        if (over <= 0)
        {
            return TimeSpan.Zero;
        }

        var delayMs = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(over - 1, 30));
        return TimeSpan.FromMilliseconds(Math.Min(delayMs, Window.TotalMilliseconds));
    }
}

/// <summary>Allowed, or refused until <see cref="RetryAt"/>.</summary>
public readonly record struct LoginGate(bool Allowed, DateTimeOffset RetryAt)
{
    public static LoginGate Open { get; } = new(true, default);
}
