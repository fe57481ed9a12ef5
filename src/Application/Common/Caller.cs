namespace LlmGateway.Application.Common;

/// <summary>The authenticated identity a request runs as, taken from a validated token or API key.</summary>
public sealed record Caller(string UserId, Role Role)
{
    /// <summary>The only models the caller's API key may ask for; null: no restriction beyond the policy's.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>The team the caller belongs to (token claim <c>team_id</c>, or the API key's user's team).</summary>
    public string TeamId { get; init; } = "default";

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
