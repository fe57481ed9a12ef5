using LlmGateway.Application.Teams;

namespace LlmGateway.Application.ApiKeys;

/// <summary>Gateway API keys' metadata with their last use: one key, or all of them newest first (revoked ones included).</summary>
public sealed class ApiKeyQueryHandler(IApiKeyStore keys)
    : IQueryHandler<GetApiKeyQuery, Result<ApiKeyView>>,
      IQueryHandler<ListApiKeysQuery, Result<ApiKeyList>>
{
    public async ValueTask<Result<ApiKeyView>> Handle(GetApiKeyQuery query, CancellationToken cancellationToken)
    {
        // A malformed id names no key: 404 like any unknown id, and the store is not asked.
        var record = await ApiKeyFailures.FindInScopeAsync(keys, query.Caller, query.KeyId, cancellationToken);
        if (record is null)
        {
            return Result<ApiKeyView>.FromFailure(ApiKeyFailures.UnknownKey());
        }

        var lastUses = await keys.LastUsesAsync([record.Id], cancellationToken);
        return Result<ApiKeyView>.Success(new ApiKeyView(record, lastUses.TryGetValue(record.Id, out var at) ? at : null));
    }

    public async ValueTask<Result<ApiKeyList>> Handle(ListApiKeysQuery query, CancellationToken cancellationToken)
    {
        var all = await keys.ListAsync(cancellationToken);
        if (query.Caller.Role != Role.Admin)
        {
            all = all.Where(k => query.Caller.Covers(k.TeamId)).ToList();
        }

        var ids = new string[all.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = all[i].Id;
        }

        var lastUses = ids.Length == 0 ? new Dictionary<string, DateTimeOffset>() : await keys.LastUsesAsync(ids, cancellationToken);
        var views = all
            .OrderByDescending(k => k.CreatedAt)
            .ThenBy(k => k.Id, StringComparer.Ordinal)
            .Select(k => new ApiKeyView(k, lastUses.TryGetValue(k.Id, out var at) ? at : null));
        return Result<ApiKeyList>.Success(new ApiKeyList([.. views]));
    }
}

/// <param name="LastUsedAt">The last accepted request with the key, to within a minute (see <c>ApiKeyAuthenticator</c>); null if never used.</param>
public sealed record ApiKeyView(ApiKeyRecord Record, DateTimeOffset? LastUsedAt);
