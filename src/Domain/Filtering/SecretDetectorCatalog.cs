using System.Text.RegularExpressions;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Built-in secret detectors. Each has a stable type name that appears in redaction markers, in the
/// <c>redactions</c> of an answer and in the policy's <c>redaction.detectors</c> list. Patterns are
/// source-generated (no start-up compile, no backtracking surprises: every quantifier is bounded by a
/// character class that cannot overlap its neighbour).
/// </summary>
public static partial class SecretDetectorCatalog
{
    public const string All = "all";

    /// <summary>In priority order: when two detectors match at the same place, the earlier one names it.</summary>
    public static IReadOnlyList<SecretDetector> Detectors { get; } =
    [
        new("private_key", PrivateKey()),
        new("jwt", Jwt()),
        new("anthropic_api_key", AnthropicKey()),
        new("openai_api_key", OpenAiKey()),
        new("aws_access_key_id", AwsAccessKeyId()),
        new("github_token", GitHubToken()),
        new("github_fine_grained_token", GitHubFineGrainedToken()),
        new("gitlab_token", GitLabToken()),
        new("slack_token", SlackToken()),
        new("slack_webhook", SlackWebhook()),
        new("stripe_key", StripeKey()),
        new("google_api_key", GoogleApiKey()),
        new("url_credentials", UrlWithCredentials()),
    ];

    [GeneratedRegex(@"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY( BLOCK)?-----[\s\S]{0,16384}?-----END[ A-Z0-9]{0,40}PRIVATE KEY( BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();

    [GeneratedRegex(@"\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}", RegexOptions.CultureInvariant)]
    private static partial Regex AnthropicKey();

    [GeneratedRegex(@"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}(?![A-Za-z0-9_-])", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"\bgh[pousr]_[A-Za-z0-9]{36,255}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bgithub_pat_[A-Za-z0-9_]{82}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubFineGrainedToken();

    [GeneratedRegex(@"\bglpat-[A-Za-z0-9_-]{20,64}\b", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabToken();

    // Bot and user tokens: numeric team/user ids, then the secret part. "xoxo-" in ordinary text is not a token.
    [GeneratedRegex(@"\bxox[abprse]-[0-9]{8,13}-[0-9]{8,13}(?:-[0-9]{8,13})?-[A-Za-z0-9]{20,64}\b", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_-]{20,200}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,247}\b", RegexOptions.CultureInvariant)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:/@]{1,128}:[^\s/@]{1,256}@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlWithCredentials();
}

public sealed record SecretDetector(string Type, Regex Pattern);
