using System.Globalization;
using LlmGateway.Application.Common;
using LlmGateway.Application.Policies;
using LlmGateway.Domain;
using Microsoft.Extensions.Primitives;

namespace LlmGateway.Api.Http;

/// <summary>
/// The policy's entity tag is its version, quoted and strong: <c>"7"</c>. If-Match is read as RFC 9110 (13.1.1) has it:
/// <c>*</c>, or a list of entity tags of any syntax, on one header line or several. A strong tag matches when it is the live
/// version's exactly (character for character); a weak tag never matches; a header that is not valid syntax is refused.
/// </summary>
internal static class PolicyETag
{
    public const string IfMatchField = "If-Match";

    /// <summary>More tags than any client has a use for; a longer list is refused rather than scanned.</summary>
    private const int MaxTags = 64;

    public static string Format(long version) => string.Concat("\"", version.ToString(CultureInfo.InvariantCulture), "\"");

    /// <returns>False when the header is present but not <c>*</c> or a list of entity tags.</returns>
    public static bool TryParseIfMatch(StringValues ifMatch, out PolicyPrecondition precondition)
    {
        precondition = PolicyPrecondition.None;
        if (ifMatch.Count == 0)
        {
            return true;
        }

        var header = ifMatch.Count == 1 ? ifMatch[0] ?? string.Empty : string.Join(',', ifMatch.ToArray());
        if (header.AsSpan().Trim() is "*")
        {
            return true;
        }

        var versions = new List<long>();
        var tags = 0;
        var rest = header.AsSpan();
        while (true)
        {
            rest = rest.TrimStart(" \t,");
            if (rest.IsEmpty)
            {
                break;
            }

            var weak = rest.StartsWith("W/", StringComparison.Ordinal);
            if (weak)
            {
                rest = rest[2..];
            }

            if (rest.IsEmpty || rest[0] != '"')
            {
                return false;
            }

            var close = rest[1..].IndexOf('"');
            if (close < 0)
            {
                return false;
            }

            var opaque = rest.Slice(1, close);
            foreach (var c in opaque)
            {
                // etagc = %x21 / %x23-7E / obs-text
                if (c < 0x21 || c == 0x7F || c > 0xFF)
                {
                    return false;
                }
            }

            rest = rest[(close + 2)..];
            var after = rest.TrimStart(" \t");
            if (!after.IsEmpty && after[0] != ',')
            {
                return false;
            }

            if (++tags > MaxTags)
            {
                return false;
            }

            if (!weak && IsVersion(opaque, out var version))
            {
                versions.Add(version);
            }
        }

        if (tags == 0)
        {
            return false;
        }

        precondition = new PolicyPrecondition(versions);
        return true;
    }

    /// <summary>Exactly what <see cref="Format"/> writes: digits, no sign, no leading zero ("0" is a team's overlay before its first version).</summary>
    private static bool IsVersion(ReadOnlySpan<char> opaque, out long version)
    {
        version = 0;
        return opaque is "0"
            || (opaque.Length > 0 && opaque[0] is >= '1' and <= '9' && long.TryParse(opaque, NumberStyles.None, CultureInfo.InvariantCulture, out version));
    }

    public static GatewayFailure MalformedIfMatch { get; } = new(GatewayError.ValidationFailed, "The If-Match header is malformed; see errors.")
    {
        Errors = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [IfMatchField] = ["If-Match must be * or a comma-separated list of entity tags, such as the ETag of GET /admin/policy (\"7\")."],
        },
    };
}
