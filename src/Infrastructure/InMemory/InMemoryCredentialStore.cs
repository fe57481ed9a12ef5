using System.Collections.Concurrent;

namespace LlmGateway.Infrastructure.InMemory;

internal sealed class InMemoryCredentialStore : ICredentialStore
{
    private readonly ConcurrentDictionary<string, UserAccount> _accounts = new(StringComparer.Ordinal);

    public ValueTask<UserAccount?> FindAsync(string userId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_accounts.TryGetValue(userId, out var account) ? account : null);

    public ValueTask<bool> TryAddAsync(UserAccount account, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_accounts.TryAdd(account.UserId, account));

    public ValueTask UpsertAsync(UserAccount account, CancellationToken cancellationToken)
    {
        _accounts[account.UserId] = account;
        return ValueTask.CompletedTask;
    }
}
