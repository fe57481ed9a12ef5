namespace LlmGateway.Application.ApiKeys;

/// <summary>Mints a gateway key for an existing user.</summary>
/// <param name="Role">Null: the user's own role. Never more than the user's role.</param>
/// <param name="Models">Null: any model the policy allows; otherwise only these.</param>
/// <param name="ExpiresAt">Null: the key does not expire.</param>
public sealed record CreateApiKeyCommand(
    Caller Caller,
    RequestContext Context,
    string UserId,
    string Name,
    string? Role,
    IReadOnlyList<string>? Models = null,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyDictionary<string, string>? Metadata = null,
    int? RpmLimit = null,
    int? TpmLimit = null,
    KeyBudget? Budget = null)
    : ICommand<Result<CreatedApiKey>>, IRequiresTeamAdmin, IKeyStoreRequest, IValidatedRequest;

/// <param name="Key">The whole key: in this answer and nowhere else, ever.</param>
public sealed record CreatedApiKey(string Key, ApiKeyRecord Record)
{
    // The key stays out of ToString(), and so out of any log or exception that prints the result.
    public override string ToString() => $"CreatedApiKey {{ Id = {Record.Id}, UserId = {Record.UserId} }}";
}
