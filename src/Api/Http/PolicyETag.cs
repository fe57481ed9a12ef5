using System.Globalization;
using LlmGateway.Application.Common;
using LlmGateway.Domain;

namespace LlmGateway.Api.Http;

/// <summary>
/// The policy's entity tag is its version, quoted and strong: <c>"7"</c>. If-Match takes exactly one such tag or
/// <c>*</c> (any version); a weak tag, a list or an unquoted number is refused rather than guessed at.
/// </summary>
internal static class PolicyETag
{
    public const string IfMatchField = "If-Match";

    public static string Format(long version) => string.Concat("\"", version.ToString(CultureInfo.InvariantCulture), "\"");

    /// <param name="expectedVersion">The version named, or null when If-Match is absent or <c>*</c>.</param>
    /// <returns>False when the header is present but not one quoted version or <c>*</c>.</returns>
    public static bool TryParseIfMatch(string? ifMatch, out long? expectedVersion)
    {
        expectedVersion = null;
        if (ifMatch is null)
        {
            return true;
        }

        var value = ifMatch.AsSpan().Trim();
        if (value is "*")
        {
            return true;
        }

        if (value.Length < 3 || value[0] != '"' || value[^1] != '"'
            || !long.TryParse(value[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        expectedVersion = version;
        return true;
    }

    public static GatewayFailure MalformedIfMatch { get; } = new(GatewayError.ValidationFailed, "The If-Match header is malformed; see errors.")
    {
        Errors = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [IfMatchField] = ["If-Match must be one quoted policy version, as in the ETag (\"7\"), or * for any version."],
        },
    };
}
