namespace LlmGateway.Application.Ports;

/// <summary>User accounts with their password hashes.</summary>
public interface ICredentialStore
{
    ValueTask<UserAccount?> FindAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Adds the account; false when the user id is taken.</summary>
    ValueTask<bool> TryAddAsync(UserAccount account, CancellationToken cancellationToken);

    /// <summary>Adds or replaces the account (the bootstrap admin on every start).</summary>
    ValueTask UpsertAsync(UserAccount account, CancellationToken cancellationToken);
}

/// <param name="PasswordHash">In the <see cref="IPasswordHasher"/> format; never the password.</param>
public sealed record UserAccount(string UserId, string PasswordHash, Role Role, DateTimeOffset CreatedAt);
