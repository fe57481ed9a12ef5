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

    public ValueTask<UserAccount?> UpdateAsync(string userId, Func<UserAccount, UserAccount> change, CancellationToken cancellationToken) =>
        InMemoryRecordUpdate.UpdateAsync(_accounts, userId, change);

    public ValueTask<bool> DeleteAsync(string userId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_accounts.TryRemove(userId, out _));

    public ValueTask<UserPage> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var id in _accounts.Keys)
        {
            if (after is null || string.CompareOrdinal(id, after) > 0)
            {
                ids.Add(id);
            }
        }

        ids.Sort(StringComparer.Ordinal);
        var page = new List<UserAccount>(Math.Min(limit, ids.Count));
        foreach (var id in ids)
        {
            if (page.Count == limit)
            {
                break;
            }

            if (_accounts.TryGetValue(id, out var account))
            {
                page.Add(account);
            }
        }

        var next = ids.Count > limit ? ids[limit - 1] : null;
        return ValueTask.FromResult(new UserPage(page, next));
    }
}
