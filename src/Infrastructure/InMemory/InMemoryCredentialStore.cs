namespace LlmGateway.Infrastructure.InMemory;

internal sealed class InMemoryCredentialStore() : InMemoryRecordStore<UserAccount>(static account => account.UserId), ICredentialStore
{
    public ValueTask<UserPage> ListAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var id in Records.Keys)
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

            if (Records.TryGetValue(id, out var account))
            {
                page.Add(account);
            }
        }

        var next = ids.Count > limit ? ids[limit - 1] : null;
        return ValueTask.FromResult(new UserPage(page, next));
    }
}
