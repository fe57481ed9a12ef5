namespace LlmGateway.Application.Policies;

/// <summary>
/// A request's If-Match as far as the policy is concerned (RFC 9110, 13.1.1): no condition (absent or <c>*</c>, the policy
/// always exists), or the versions its strong entity tags name. A weak tag, or a strong one that names no version, never
/// matches, so a list of only such tags leaves <see cref="Versions"/> empty and the change is refused with 412.
/// </summary>
public readonly record struct PolicyPrecondition(IReadOnlyList<long>? Versions)
{
    public static PolicyPrecondition None => default;

    public static PolicyPrecondition Version(long version) => new([version]);

    public bool IsConditional => Versions is not null;

    public bool IsSatisfiedBy(long liveVersion)
    {
        if (Versions is null)
        {
            return true;
        }

        foreach (var version in Versions)
        {
            if (version == liveVersion)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Versions switch
    {
        null => "any",
        [] => "none",
        _ => string.Join(",", Versions),
    };
}
