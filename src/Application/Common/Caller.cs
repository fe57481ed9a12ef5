namespace LlmGateway.Application.Common;

/// <summary>The authenticated identity a request runs as, taken from a validated token or API key.</summary>
public sealed record Caller(string UserId, Role Role)
{
    /// <summary>The team the caller belongs to (token claim <c>team_id</c>, or the API key's user's team): its overlay, usage and team-wide limits.</summary>
    public string TeamId { get; init; } = "default";

    /// <summary>The only models the caller's API key may ask for; null: no restriction beyond the policy's.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>The id of the API key the request came with; null for an access token.</summary>
    public string? KeyId { get; init; }

    /// <summary>The key's own requests per minute; replaces the policy's per-user request limit for this key. Null: the policy's.</summary>
    public int? RpmLimit { get; init; }

    /// <summary>The key's own tokens per minute (prompt plus answer), besides the user's and the team's. Null: none.</summary>
    public int? TpmLimit { get; init; }

    /// <summary>What the key may spend per period; a request that would go over it is refused before the call. Null: none.</summary>
    public KeyBudget? Budget { get; init; }

    /// <summary>Whether the credential allows <paramref name="model"/> (exact, ordinal match; a short list, no allocation).</summary>
    public bool MayUse(string model)
    {
        if (Models is not { } models)
        {
            return true;
        }

        for (var i = 0; i < models.Count; i++)
        {
            if (string.Equals(models[i], model, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
