namespace LlmGateway.Application.Ports;

/// <summary>
/// User accounts by user id, with their password hashes (the request path reads accounts through
/// <see cref="ICredentialCache"/> instead). Every write reaches every instance's <see cref="ICredentialCache"/>.
/// </summary>
public interface ICredentialStore : IRecordStore<UserAccount>
{
    /// <summary>Adds or replaces the account (the bootstrap admin).</summary>
    ValueTask UpsertAsync(UserAccount account, CancellationToken cancellationToken);

    /// <summary>Removes the account; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string userId, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> accounts in ordinal user-id order, starting after <paramref name="after"/> (null: from the first).</summary>
    ValueTask<UserPage> ListAsync(string? after, int limit, CancellationToken cancellationToken);
}

/// <param name="PasswordHash">In the <see cref="IPasswordHasher"/> format; never the password.</param>
/// <param name="SecurityStamp">
/// Changes whenever the account's credentials or rights are cut (password changed or reset, demotion, disabling); every
/// access token carries the stamp it was issued with and is refused once they differ. Empty for an account stored
/// before stamps existed, until its first such change.
/// </param>
/// <param name="Disabled">A disabled account cannot log in, and its tokens and API keys are refused.</param>
/// <param name="TeamId">The team the user and its API keys belong to; an account stored before teams existed is in <c>default</c>.</param>
public sealed record UserAccount(
    string UserId,
    string PasswordHash,
    Role Role,
    DateTimeOffset CreatedAt,
    string SecurityStamp = "",
    bool Disabled = false,
    DateTimeOffset? UpdatedAt = null,
    string TeamId = Teams.TeamIds.Default)
{
    // The hash stays out of ToString(), and so out of any log or exception that prints the account.
    public override string ToString() => $"UserAccount {{ UserId = {UserId}, Role = {Role}, TeamId = {TeamId}, Disabled = {Disabled} }}";
}

/// <param name="NextAfter">The <c>after</c> of the next page; null when this page is the last.</param>
public sealed record UserPage(IReadOnlyList<UserAccount> Users, string? NextAfter);
