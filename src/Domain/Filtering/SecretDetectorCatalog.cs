using System.Text.RegularExpressions;
using static LlmGateway.Domain.Filtering.MatchStarts;

namespace LlmGateway.Domain.Filtering;

/// <summary>
/// Built-in detectors of secrets and personal data. Each has a stable type name that appears in redaction markers,
/// in the <c>redactions</c> of an answer and in the policy's <c>redaction.detectors</c> list. Patterns are
/// source-generated, and every quantifier is bounded, so each detector has a fixed <see cref="SecretDetector.MaxLength"/>:
/// the longest text one match can span. Each also declares where its matches can start (<see cref="MatchStarts"/>):
/// the streaming filter holds back text only from the first place where a match is still possible; see
/// <see cref="StreamingOutputFilter"/>.
/// </summary>
public static partial class SecretDetectorCatalog
{
    public const string All = "all";

    /// <summary>Shorthand for every detector of <see cref="DetectorCategory.Secret"/>.</summary>
    public const string Secrets = "secrets";

    /// <summary>Shorthand for every detector of <see cref="DetectorCategory.PersonalData"/>.</summary>
    public const string PersonalData = "pii";

    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private const RegexOptions IgnoreCase = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

    /// <summary>
    /// In priority order: when two detectors match at the same place, the earlier one names it. Specific token
    /// formats come first, then generic assignments, then personal data.
    /// </summary>
    public static IReadOnlyList<SecretDetector> Detectors { get; } =
    [
        // PEM blocks are capped at 16 KiB of body: an RSA-8192 key is about 6.5 KiB.
        Secret("private_key", 16_600, PrivateKey(), SecretValidators.HasKeyMaterial,
            Anchored(["-----BEGIN"], head: PrivateKeyHead(), headLength: 61)),
        Secret("azure_storage_connection_string", 700, AzureStorageConnectionString(), null,
            Anchored(["DefaultEndpointsProtocol="], notAfter: AsciiWord)),
        Secret("azure_storage_account_key", 140, AzureStorageAccountKey(), SecretValidators.IsNotPlaceholder,
            Anchored(["AccountKey", "account_key", "ACCOUNT_KEY", "storage_key", "STORAGE_KEY"], notAfter: AsciiWord, head: AzureStorageAccountKeyHead(), headLength: 17)),
        Secret("azure_sas_token", 900, AzureSasToken(), null,
            Anchored(["sv="], notAfter: AsciiWord, head: AzureSasTokenHead(), headLength: 15)),
        Secret("jwt", 13_400, Jwt(), SecretValidators.IsJwt,
            Anchored(["eyJ"], notAfter: AsciiWord)),
        Secret("anthropic_api_key", 140, AnthropicKey(), SecretValidators.IsRandomToken,
            Anchored(["sk-ant-"])),
        Secret("openai_api_key", 350, OpenAiKey(), SecretValidators.IsRandomToken,
            Anchored(["sk-"])),
        Secret("aws_access_key_id", 24, AwsAccessKeyId(), SecretValidators.IsNotMasked,
            Anchored(["AKIA", "ASIA", "ABIA", "ACCA", "A3T"], notAfter: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")),
        Secret("aws_secret_access_key", 120, AwsSecretAccessKey(), SecretValidators.IsNotMasked,
            Anchored(["aws"], ignoreCase: true, notAfter: AsciiWord, head: AwsSecretAccessKeyHead(), headLength: 10)),
        Secret("github_token", 260, GitHubToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], notAfter: AsciiAlphanumeric)),
        Secret("github_fine_grained_token", 270, GitHubFineGrainedToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["github_pat_"], notAfter: AsciiAlphanumeric)),
        Secret("gitlab_token", 330, GitLabToken(), SecretValidators.HasEntropy,
            Anchored(["glpat-", "gldt-", "glrt-", "glft-", "glsoat-", "glptt-", "glimt-", "gloas-", "glagent-", "glcbt-", "GR1348941"], notAfter: AsciiAlphanumeric)),
        Secret("slack_token", 420, SlackToken(), SecretValidators.IsSlackToken,
            Anchored(["xox", "xapp-"], notAfter: AsciiAlphanumeric)),
        Secret("slack_webhook", 240, SlackWebhook(), null,
            Anchored(["https://hooks.slack.com/", "http://hooks.slack.com/"])),
        Secret("discord_webhook", 260, DiscordWebhook(), null,
            Anchored(["https://discord.com/api/webhooks/", "https://discordapp.com/api/webhooks/", "https://ptb.discord.com/api/webhooks/",
                "https://ptb.discordapp.com/api/webhooks/", "https://canary.discord.com/api/webhooks/", "https://canary.discordapp.com/api/webhooks/"])),
        Secret("stripe_key", 260, StripeKey(), SecretValidators.IsNotPlaceholder,
            Anchored(["sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_"], notAfter: AsciiAlphanumeric)),
        Secret("twilio_api_key", 40, TwilioApiKey(), SecretValidators.HasEntropy,
            Anchored(["SK"], notAfter: AsciiWord, head: TwilioApiKeyHead(), headLength: 34)),
        Secret("sendgrid_api_key", 80, SendGridKey(), SecretValidators.IsNotPlaceholder,
            Anchored(["SG."], notAfter: AsciiAlphanumeric)),
        Secret("mailchimp_api_key", 40, MailchimpKey(), null,
            Runs(first: "0123456789abcdef", run: "-us", required: "-", notAfter: AsciiWord)),
        Secret("google_api_key", 40, GoogleApiKey(), SecretValidators.IsRandomToken,
            Anchored(["AIzaSy"], notAfter: AsciiAlphanumeric)),
        Secret("google_oauth_secret", 2100, GoogleOAuthSecret(), SecretValidators.IsRandomToken,
            Anchored(["GOCSPX-", "ya29."], notAfter: AsciiAlphanumeric)),
        Secret("huggingface_token", 50, HuggingFaceToken(), SecretValidators.HasMixedCase,
            Anchored(["hf_", "api_org_"], notAfter: AsciiWord)),
        Secret("npm_token", 44, NpmToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["npm_"], notAfter: AsciiAlphanumeric)),
        Secret("pypi_token", 520, PyPiToken(), null,
            Anchored(["pypi-AgE"], notAfter: AsciiWord)),
        Secret("telegram_bot_token", 60, TelegramBotToken(), null,
            Runs(first: "0123456789", run: AsciiWord + ":-", required: ":", notAfter: AsciiWord)) with { ContextValidator = SecretValidators.IsTelegramBotToken },
        Secret("digitalocean_token", 80, DigitalOceanToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["doo_v1_", "dop_v1_", "dor_v1_"], notAfter: AsciiWord)),
        Secret("docker_hub_token", 80, DockerHubToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["dckr_pat_", "dckr_oat_"], notAfter: AsciiAlphanumeric)),
        Secret("heroku_api_key", 90, HerokuToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["HRKU-"], notAfter: AsciiAlphanumeric)),
        Secret("shopify_token", 50, ShopifyToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["shpat_", "shpca_", "shppa_", "shpss_"], notAfter: AsciiWord)),
        Secret("databricks_token", 44, DatabricksToken(), SecretValidators.IsRandomToken,
            Anchored(["dapi"], notAfter: AsciiWord)),
        Secret("hashicorp_vault_token", 510, VaultToken(), SecretValidators.IsNotPlaceholderVaultToken,
            Anchored(["hvs.", "hvb."], notAfter: AsciiWord)),
        Secret("hashicorp_vault_unseal_key", 70, VaultUnsealKey(), SecretValidators.HasEntropy,
            Anchored(["unseal key", "operator unseal"], ignoreCase: true, notAfter: AsciiWord)),
        Secret("age_secret_key", 80, AgeSecretKey(), null,
            Anchored(["AGE-SECRET-KEY-1"], notAfter: AsciiWord)),
        Secret("onepassword_service_account_token", 4010, OnePasswordServiceAccountToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["ops_eyJ"], notAfter: AsciiWord)),
        Secret("onepassword_secret_key", 45, OnePasswordSecretKey(), SecretValidators.IsNotPlaceholder,
            Anchored(["A3-"], notAfter: AsciiWord)),
        Secret("notion_api_token", 60, NotionToken(), SecretValidators.IsNotionToken,
            Anchored(["ntn_", "secret_"], notAfter: AsciiWord)),
        Secret("nuget_api_key", 50, NuGetApiKey(), SecretValidators.IsRandomToken,
            Anchored(["oy2"], notAfter: AsciiAlphanumeric)),
        Secret("sourcegraph_access_token", 120, SourcegraphToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["sgp_", "sourcegraph"], ignoreCase: true, notAfter: AsciiWord, head: SourcegraphTokenHead(), headLength: 38)),
        Secret("sentry_token", 750, SentryToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["sntrys_eyJpYXQiO", "sntryu_"], notAfter: AsciiWord)),
        Secret("doppler_token", 100, DopplerToken(), SecretValidators.IsRandomToken,
            Anchored(["dp."], notAfter: AsciiWord)),
        Secret("atlassian_api_token", 200, AtlassianToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["ATATT3", "ATCTT3", "ATBB", "atlassian", "confluence", "jira"], ignoreCase: true, notAfter: AsciiWord, head: AtlassianTokenHead(), headLength: 20)),
        Secret("azure_ad_client_secret", 50, AzureAdClientSecret(), SecretValidators.HasEntropy,
            Runs(first: AsciiWord + "~.", run: "-", required: "~", notAfter: AsciiWord + "~.-")),
        Secret("snyk_api_token", 120, SnykToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["snyk"], ignoreCase: true, notAfter: AsciiWord, head: SnykTokenHead(), headLength: 16)),
        Secret("sonarqube_token", 120, SonarToken(), SecretValidators.IsNotPlaceholder,
            Anchored(["sonar"], ignoreCase: true, head: SonarTokenHead(), headLength: 15)),
        Secret("sumologic_access_id", 70, SumoLogicAccessId(), SecretValidators.IsNotPlaceholder,
            Anchored(["sumo"], ignoreCase: true, notAfter: AsciiWord, head: SumoLogicAccessIdHead(), headLength: 19)),
        Secret("sumologic_access_key", 130, SumoLogicAccessKey(), SecretValidators.HasSecretValue,
            Anchored(["sumo"], ignoreCase: true, notAfter: AsciiWord, head: SumoLogicAccessKeyHead(), headLength: 20)),
        Secret("softlayer_api_key", 130, SoftLayerApiKey(), SecretValidators.IsNotPlaceholder,
            Anchored(["softlayer", "sl", "api.softlayer.com/soap/v3"], ignoreCase: true, notAfter: AsciiWord, head: SoftLayerApiKeyHead(), headLength: 25)),
        Secret("ibm_cloud_api_key", 120, IbmCloudApiKey(), SecretValidators.IsNotPlaceholder,
            Anchored(["ibm", "iam", "cloud"], ignoreCase: true, notAfter: AsciiWord, head: IbmCloudApiKeyHead(), headLength: 24)),
        Secret("ibm_cos_hmac_secret", 120, IbmCosHmacSecret(), SecretValidators.IsNotPlaceholder,
            Anchored(["ibm", "cos", "secret"], ignoreCase: true, notAfter: AsciiWord, head: IbmCosHmacSecretHead(), headLength: 30)),
        Secret("nuget_config_password", 400, NuGetConfigPassword(), SecretValidators.HasNuGetPassword,
            Anchored(["<add"], ignoreCase: true, head: NuGetConfigPasswordHead(), headLength: 43)),
        Secret("kubernetes_bootstrap_token", 60, KubernetesBootstrapToken(), SecretValidators.IsNotMasked,
            Anchored(["bootstrap", "--token"], ignoreCase: true, notAfter: AsciiAlphanumeric)),
        Secret("kubernetes_secret", 5500, KubernetesSecret(), null,
            Anchored(["kind:", "data:", "Data:", "stringData:", "stringdata:"], notAfter: AsciiWord, head: KubernetesSecretHead(), headLength: 46)),
        Secret("url_credentials", 420, UrlWithCredentials(), SecretValidators.HasCredentialPassword,
            MatchStarts.UrlCredentials),
        Secret("gateway_api_key", 63, GatewayApiKey(), SecretValidators.IsNotPlaceholder,
            Anchored(["gk_"])),
        Secret("azure_devops_pat", 120, AzureDevOpsPat(), SecretValidators.IsIdentifiableKey,
            MatchStarts.LongRuns(AsciiAlphanumeric, 84)),
        Secret("azure_key", 260, AzureKey(), SecretValidators.HasRandomTrailingValue,
            Anchored(["az", "storage", "account", "cosmos", "documentdb", "search", "func", "apim", "subscription", "ocp-apim", "openai", "cognitive", "primary", "secondary", "master", "shared", "service", "event", "access"], ignoreCase: true, notAfter: AsciiAlphanumeric, head: AzureKeyHead(), headLength: 48)),
        Secret("azure_identifiable_key", 84, AzureIdentifiableKey(), SecretValidators.IsIdentifiableKey,
            MatchStarts.LongRuns(AsciiAlphanumeric, 84)),
        Secret("azure_signed_key", 90, AzureSignedKey(), SecretValidators.HasRandomPrefix,
            MatchStarts.LongRuns(AsciiAlphanumeric + "+/_-", 52)),
        Secret("azure_function_key", 330, AzureFunctionUrlKey(), SecretValidators.HasRandomAssignedValue,
            Anchored([".azurewebsites.net/api/"], ignoreCase: true)),
        Secret("entra_refresh_token", 4100, EntraRefreshToken(), SecretValidators.HasEntropy,
            Anchored(["0.A", "1.A"], notAfter: AsciiAlphanumeric + "._-", head: EntraRefreshTokenHead(), headLength: 103)),
        Secret("square_token", 80, SquareToken(), SecretValidators.IsNotMasked,
            Anchored(["sq0", "EAAA"], notAfter: AsciiAlphanumeric)),
        Secret("mailgun_api_key", 120, MailgunKey(), SecretValidators.IsRandomToken,
            Anchored(["key-", "mailgun"], ignoreCase: true, notAfter: AsciiAlphanumeric)),
        Secret("twilio_auth_token", 120, TwilioAuthToken(), SecretValidators.HasRandomAssignedValue,
            Anchored(["twilio"], ignoreCase: true, notAfter: AsciiAlphanumeric, head: TwilioAuthTokenHead(), headLength: 50)),
        Secret("twilio_credentials", 80, TwilioSidAndToken(), SecretValidators.HasRandomAssignedValue,
            Anchored(["AC"], notAfter: AsciiWord, head: TwilioSidHead(), headLength: 34)),
        Secret("aws_appsync_api_key", 30, AppSyncKey(), SecretValidators.IsRandomToken,
            Anchored(["da2-"], notAfter: AsciiAlphanumeric)),
        Secret("mongodb_atlas_secret", 60, MongoDbAtlasSecret(), SecretValidators.IsRandomToken,
            Anchored(["mdb_sa_sk_"], notAfter: AsciiAlphanumeric)),
        Secret("connection_string_password", 480, ConnectionStringPassword(), SecretValidators.HasConnectionPassword,
            Anchored(["server", "data source", "host", "uid", "user id", "userid", "user", "provider", "driver", "database", "initial catalog", "address", "addr", "dsn"], ignoreCase: true, notAfter: AsciiAlphanumeric, head: ConnectionStringPasswordHead(), headLength: 20)),
        Secret("jdbc_url_password", 480, JdbcUrlPassword(), SecretValidators.HasConnectionPassword,
            Anchored(["jdbc:"], ignoreCase: true, notAfter: AsciiAlphanumeric)),
        Secret("key_value_password", 430, SiblingPassword(), SecretValidators.HasSiblingPassword,
            Anchored(["<key>", "\"key\"", "key:"], ignoreCase: true, notAfter: AsciiWord, head: SiblingPasswordHead(), headLength: 72)),
        Secret("named_secret", 800, NamedSecret(), SecretValidators.HasNamedSecretValue,
            Anchored(["name:", "variable"], ignoreCase: true, notAfter: AsciiWord, head: NamedSecretHead(), headLength: 84)),
        Secret("authorization_header", 560, AuthorizationHeader(), SecretValidators.HasSecretValue,
            Anchored(["authorization", "x-api-key", "api-key", "x-auth-token", "x-access-token", "private-token", "token", "proxy-"], ignoreCase: true, notAfter: AsciiWord, head: AuthorizationHeaderHead(), headLength: 26)),
        Secret("secret_assignment", 320, SecretAssignment(), null,
            Anchored(["pass", "pwd", "secret", "api", "access", "private", "auth", "token", "credential"], ignoreCase: true, head: SecretAssignmentHead(), headLength: 52))
            with { ContextValidator = SecretValidators.HasSecretOrPasswordValueUnderGenericName },

        Secret("key_assignment", 300, KeyAssignment(), null,
            MatchStarts.Behind(Anchored(["key", "secret", "token", "pat", "sig", "signature", "credential", "pass", "password", "pwd"], ignoreCase: true, head: KeyAssignmentHead(), headLength: 20), reach: 24))
            with { ContextValidator = SecretValidators.IsStrongSecretUnderGenericName },

        Pii("email", 600, Email(), PiiValidators.IsEmailAddress,
            MatchStarts.Either(MatchStarts.Email, MatchStarts.ObfuscatedEmail)),
        Pii("credit_card", 40, CreditCard(), PiiValidators.IsCardNumber,
            Runs(first: "0123456789", run: " -", notAfter: AsciiAlphanumeric + "-")),
        Pii("iban", 50, Iban(), PiiValidators.IsIban,
            Runs(first: "ABCDEFGHIJKLMNOPQRSTUVWXYZ", run: "0123456789 -", required: "0123456789", notAfter: AsciiWord)),
        Pii("us_ssn", 13, UsSsn(), PiiValidators.IsUsSsn,
            Runs(first: "0123456789", run: " .-", notAfter: AsciiAlphanumeric + "-")),
        Pii("ip_address", 60, IpAddress(), null,
            Runs(first: "0123456789ABCDEFabcdef:", run: ".", required: ".:", notAfter: AsciiAlphanumeric + ".:")) with { ContextValidator = PiiValidators.IsIpAddress },
        Pii("phone", 100, Phone(), null,
            Runs(first: "0123456789+(", run: " .-)(/extnsio#:", notAfter: AsciiAlphanumeric + "+")) with { ContextValidator = PhoneNumberValidator.IsPhoneNumber },
    ];

    private static SecretDetector Secret(string type, int maxLength, Regex pattern, MatchValidator? validator, MatchStartFinder starts) =>
        new(type, DetectorCategory.Secret, maxLength, pattern, validator, starts);

    private static SecretDetector Pii(string type, int maxLength, Regex pattern, MatchValidator? validator, MatchStartFinder starts) =>
        new(type, DetectorCategory.PersonalData, maxLength, pattern, validator, starts);

    // The whole block; without an END line within the bound (a truncated answer), the header and the key material after it.
    [GeneratedRegex(@"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]{0,16384}?-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s:,.-]{0,16384})", Options)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\G-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY", Options)]
    private static partial Regex PrivateKeyHead();

    [GeneratedRegex(@"\bDefaultEndpointsProtocol=https?;AccountName=[a-z0-9]{3,24};AccountKey=[A-Za-z0-9+/]{86}==(?:;EndpointSuffix=[A-Za-z0-9.-]{1,100})?", Options)]
    private static partial Regex AzureStorageConnectionString();

    // The key alone is 64 random bytes in base64 (88 characters ending "=="); only in an AccountKey context.
    [GeneratedRegex(@"\b(?:AccountKey|account_key|ACCOUNT_KEY|storage_key|STORAGE_KEY)[""']?[ \t]{0,4}[=:][ \t]{0,4}[""']?[A-Za-z0-9+/]{86}==", Options)]
    private static partial Regex AzureStorageAccountKey();

    [GeneratedRegex(@"\G(?:AccountKey|account_key|ACCOUNT_KEY|storage_key|STORAGE_KEY)[""]?[ 	]{0,4}[=:]", Options)]
    private static partial Regex AzureStorageAccountKeyHead();

    // A SAS query string: a service version, then the signature (base64 HMAC-SHA256, URL-encoded).
    [GeneratedRegex(@"\bsv=\d{4}-\d{2}-\d{2}&[A-Za-z0-9=&%:._-]{0,600}?\bsig=[A-Za-z0-9%+/]{40,100}(?:%3D|=){0,2}", Options)]
    private static partial Regex AzureSasToken();

    [GeneratedRegex(@"\Gsv=\d{4}-\d{2}-\d{2}&", Options)]
    private static partial Regex AzureSasTokenHead();

    // header.payload.signature, both JSON objects in base64url; the signature is empty for "alg": "none", and a
    // header.payload pair alone still carries the claims. An encrypted token (JWE) has a JSON header and then base64url
    // segments that are not JSON: the encrypted key, the IV, the ciphertext and the tag.
    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{8,2048}\.(?:eyJ[A-Za-z0-9_-]{8,8192}(?:\.[A-Za-z0-9_-]{0,1024})?|[A-Za-z0-9_-]{8,8192}(?:\.[A-Za-z0-9_-]{2,1024}){1,3})", Options)]
    private static partial Regex Jwt();

    // A version ("api03", "admin01"), 93 characters and a closing "AA". These three shapes (and OpenAI's and the gateway's
    // below) are strict enough to be found glued to a word in front ("mykeysk-ant-…", "passgk_…").
    [GeneratedRegex(@"sk-ant-(?:api|admin)\d{2,3}-[A-Za-z0-9_-]{93}AA(?![A-Za-z0-9_-])", Options)]
    private static partial Regex AnthropicKey();

    // Anthropic's "sk-ant-" keys are not OpenAI's, whatever their length.
    // Every OpenAI key, old ("sk-" + 48) or project/service-account/admin, carries "T3BlbkFJ" ("OpenAI" in base64) in
    // the middle; "sk-" followed by any long word is not enough.
    [GeneratedRegex(@"sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,160}T3BlbkFJ[A-Za-z0-9_-]{20,160}(?![A-Za-z0-9_-])", Options)]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])", Options)]
    private static partial Regex AwsAccessKeyId();

    // 40 base64 characters are everywhere (hashes, paths); only with the variable's name in front.
    [GeneratedRegex(@"\baws[_.-]?secret[_.-]?(?:access[_.-]?)?key(?:[_.-]?id)?(?:\\?[""'])?[ \t]{0,4}(?:=|:=|:|=>)[ \t]{0,4}(?:\\?[""'])?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])", IgnoreCase)]
    private static partial Regex AwsSecretAccessKey();

    [GeneratedRegex(@"\Gaws[_.-]?secret", IgnoreCase)]
    private static partial Regex AwsSecretAccessKeyHead();

    [GeneratedRegex(@"(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,255}\b", Options)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{22,255}\b", Options)]
    private static partial Regex GitHubFineGrainedToken();

    // Personal (legacy and routable), deploy, runner, feed, service-account, pipeline-trigger, mail, OAuth-secret,
    // agent, CI-build and runner-registration tokens, each with the length GitLab documents.
    // Instance-wide custom prefixes make the personal, deploy, runner, feed and service-account tokens up to 50 long.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:glpat-[A-Za-z0-9_-]{20}|glpat-[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}\.[0-9a-z]{7,9}|gl(?:dt|rt|ft|soat)-[A-Za-z0-9_-]{20,50}|glptt-[A-Za-z0-9_-]{40}|glimt-[A-Za-z0-9_-]{25}|gloas-[A-Za-z0-9_-]{64}|glagent-[A-Za-z0-9_-]{50,255}|glcbt-(?:[0-9a-zA-Z]{1,5}_)?[A-Za-z0-9_-]{20}|GR1348941[A-Za-z0-9_-]{20,50})(?![A-Za-z0-9_-])", Options)]
    private static partial Regex GitLabToken();

    // Bot, user, workspace, legacy ("xoxo-", "xoxs-"), app and configuration tokens: the numeric ids make "xoxo-" in
    // ordinary text no match.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:xox[abposre]-(?:[0-9]{1,2}-)?[0-9]{6,13}-(?:[0-9]{6,13}-){0,2}[A-Za-z0-9]{10,64}|xoxe(?:\.xox[bp])?-\d-[A-Za-z0-9]{100,400}|xapp-\d-[A-Z0-9]{9,12}-\d{10,14}-[a-f0-9]{60,70})\b", Options)]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{20,200}", Options)]
    private static partial Regex SlackWebhook();

    [GeneratedRegex(@"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,200}", Options)]
    private static partial Regex DiscordWebhook();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{20,247}\b", Options)]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\bSK[0-9a-fA-F]{32}\b", Options)]
    private static partial Regex TwilioApiKey();

    [GeneratedRegex(@"\GSK[0-9a-fA-F]{32}", Options)]
    private static partial Regex TwilioApiKeyHead();

    [GeneratedRegex(@"(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b", Options)]
    private static partial Regex SendGridKey();

    [GeneratedRegex(@"\b[0-9a-f]{32}-us[0-9]{1,2}\b", Options)]
    private static partial Regex MailchimpKey();

    // Every Google API key starts "AIzaSy" (fixed leading bytes in base64).
    [GeneratedRegex(@"(?<![A-Za-z0-9])AIzaSy[0-9A-Za-z_-]{33}(?![0-9A-Za-z_-])", Options)]
    private static partial Regex GoogleApiKey();

    // Google OAuth client secrets ("GOCSPX-" and 28) and OAuth access tokens ("ya29." and a base64url body).
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:GOCSPX-[A-Za-z0-9_-]{28}|ya29\.[A-Za-z0-9_-]{30,2048})(?![A-Za-z0-9_-])", Options)]
    private static partial Regex GoogleOAuthSecret();

    [GeneratedRegex(@"\b(?:hf_[A-Za-z]{34}|api_org_[A-Za-z]{34})\b", Options)]
    private static partial Regex HuggingFaceToken();

    [GeneratedRegex(@"(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}\b", Options)]
    private static partial Regex NpmToken();

    // A macaroon whose first caveat names the index: "pypi.org" or "test.pypi.org" in base64.
    [GeneratedRegex(@"\bpypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{70,500}", Options)]
    private static partial Regex PyPiToken();

    // The bot's numeric id, ':' and 34 or 35 characters of secret (SecretValidators.IsTelegramBotToken decides).
    [GeneratedRegex(@"\b[0-9]{8,10}:[0-9A-Za-z_-]{34,35}(?![0-9A-Za-z_-])", Options)]
    private static partial Regex TelegramBotToken();

    [GeneratedRegex(@"\bdo[opr]_v1_[a-f0-9]{64}\b", Options)]
    private static partial Regex DigitalOceanToken();

    // Docker Hub personal and organisation access tokens: "dckr_pat_" / "dckr_oat_" and 27 or more base64url characters.
    [GeneratedRegex(@"(?<![A-Za-z0-9])dckr_[po]at_[A-Za-z0-9_-]{27,64}(?![A-Za-z0-9_-])", Options)]
    private static partial Regex DockerHubToken();

    // Heroku's newer API keys and OAuth tokens: "HRKU-" and base64url (the older ones are UUIDs, told by their name only).
    [GeneratedRegex(@"(?<![A-Za-z0-9])HRKU-[A-Za-z0-9_-]{50,80}(?![A-Za-z0-9_-])", Options)]
    private static partial Regex HerokuToken();

    [GeneratedRegex(@"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b", Options)]
    private static partial Regex ShopifyToken();

    [GeneratedRegex(@"\bdapi[a-f0-9]{32}(?:-\d)?\b", Options)]
    private static partial Regex DatabricksToken();

    [GeneratedRegex(@"\bhv[sb]\.[A-Za-z0-9_-]{90,500}\b", Options)]
    private static partial Regex VaultToken();

    // A key share as "vault operator init" prints it ("Unseal Key 1: …") or as it is typed back ("vault operator unseal
    // …"): 33 bytes of Shamir share in base64, 44 characters without padding.
    [GeneratedRegex(@"\b(?:unseal key(?: [0-9]{1,2})?:|operator unseal)[ \t]{1,4}[A-Za-z0-9+/]{44}(?![A-Za-z0-9+/=])", IgnoreCase)]
    private static partial Regex VaultUnsealKey();

    [GeneratedRegex(@"\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b", Options)]
    private static partial Regex AgeSecretKey();

    // "ops_" and a base64 JSON document of several hundred characters (sign-in address, SRP parameters, key).
    [GeneratedRegex(@"\bops_eyJ[A-Za-z0-9+/]{250,4000}={0,3}", Options)]
    private static partial Regex OnePasswordServiceAccountToken();

    // The account's Secret Key: version "A3", account id, then the secret in groups of five.
    [GeneratedRegex(@"\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b", Options)]
    private static partial Regex OnePasswordSecretKey();

    // Internal integration tokens: "ntn_", 11 digits, 35 letters and digits; before 2024 "secret_" and 43 letters and digits.
    [GeneratedRegex(@"\b(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9])", Options)]
    private static partial Regex NotionToken();

    // NuGet.org API keys: "oy2" and 43 lower-case letters and digits.
    [GeneratedRegex(@"(?<![A-Za-z0-9])oy2[a-z0-9]{43}(?![A-Za-z0-9])", Options)]
    private static partial Regex NuGetApiKey();

    // "sgp_" tokens (with an instance id or "local" since 5.x); legacy 40-hex tokens only next to the product's name.
    [GeneratedRegex(@"\bsgp_(?:(?:[a-fA-F0-9]{16}|local)_)?[a-fA-F0-9]{40}(?![A-Za-z0-9_])|\bsourcegraph[A-Za-z_.-]{0,20}[""']?[ \t]{0,4}(?:=|:=|:|=>)[ \t]{0,4}[""']?[a-fA-F0-9]{40}(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex SourcegraphToken();

    [GeneratedRegex(@"\G(?:sgp_|sourcegraph[A-Za-z_.-]{0,20}[""]?[ 	]{0,4}(?:=|:=|:|=>))", IgnoreCase)]
    private static partial Regex SourcegraphTokenHead();

    // Organisation tokens (base64 JSON claims starting with "iat", then the secret) and user tokens.
    [GeneratedRegex(@"\bsntrys_eyJpYXQiO[A-Za-z0-9+/=]{10,600}_[A-Za-z0-9+/]{20,64}|\bsntryu_[a-f0-9]{64}(?![A-Za-z0-9])", Options)]
    private static partial Regex SentryToken();

    // Personal, service, service-account, CLI, SCIM and audit tokens; a service token may name its config ("dp.st.dev.…").
    [GeneratedRegex(@"\bdp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,32}\.)?[A-Za-z0-9]{40,44}(?![A-Za-z0-9])", Options)]
    private static partial Regex DopplerToken();

    // Cloud API tokens ("ATATT3", 186 characters with a checksum), organisation admin keys ("ATCTT3", the same shape),
    // Bitbucket app passwords ("ATBB" and 32 or more), and 24-character tokens next to the product's name.
    [GeneratedRegex(@"\bAT[AC]TT3[A-Za-z0-9_=-]{186}(?![A-Za-z0-9_=-])|(?-i:\bATBB[A-Za-z0-9_=.-]{32,40})(?![A-Za-z0-9_=.-])|\b(?:atlassian|confluence|jira)[_.-]?(?:api[_.-]?)?(?:token|key)[""']?[ \t]{0,4}(?:=|:=|:|=>)[ \t]{0,4}[""']?[A-Za-z0-9]{24}(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex AtlassianToken();

    [GeneratedRegex(@"\G(?:AT[AC]TT3|ATBB|(?:atlassian|confluence|jira)[_.-]?(?:api[_.-]?)?(?:token|key))", IgnoreCase)]
    private static partial Regex AtlassianTokenHead();

    // Entra ID (Azure AD) client secrets: three characters, a digit, "Q~", then 31-34 more.
    [GeneratedRegex(@"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])", Options)]
    private static partial Regex AzureAdClientSecret();

    // A UUID assigned to a variable named for Snyk (SNYK_TOKEN, snyk_api_key, SNYK_OAUTH_TOKEN; make's ?= and ::= too).
    [GeneratedRegex(@"\bsnyk[_.-]?(?:(?:api|oauth)[_.-]?)?(?:key|token)[""']?[ \t]{0,4}(?:[:?]{0,3}=|:|=>)[ \t]{0,4}[""']?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex SnykToken();

    [GeneratedRegex(@"\Gsnyk[_.-]?(?:(?:api|oauth)[_.-]?)?(?:key|token)", IgnoreCase)]
    private static partial Regex SnykTokenHead();

    // SonarQube/SonarCloud user, project and global analysis tokens (squ_, sqp_, sqa_, or legacy 40 characters).
    [GeneratedRegex(@"(?:\b|(?<=-D))sonar[_.-]?(?:login|token|api[_.-]?token)[""']?[ \t]{0,4}(?:[:?]{0,3}=|:|=>|(?<=[""'])[ \t]{0,4},)[ \t]{0,4}[""']?(?:sq[upa]_)?[A-Za-z0-9]{40}(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex SonarToken();

    [GeneratedRegex(@"\Gsonar[_.-]?(?:login|token|api[_.-]?token)", IgnoreCase)]
    private static partial Regex SonarTokenHead();

    // Access ids are "su" and 12 characters, keys 64; only next to the product's name.
    [GeneratedRegex(@"\bsumo(?:logic)?[_.-]?access[_.-]?id[""']?[ \t]{0,4}(?:=|:=|:|=>)[ \t]{0,4}[""']?su[A-Za-z0-9]{12}(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex SumoLogicAccessId();

    [GeneratedRegex(@"\Gsumo(?:logic)?[_.-]?access[_.-]?id", IgnoreCase)]
    private static partial Regex SumoLogicAccessIdHead();

    [GeneratedRegex(@"\bsumo(?:logic)?[_.-]?access[_.-]?key[""']?[ \t]{0,4}(?:=|:=|:|=>)[ \t]{0,4}[""']?[A-Za-z0-9]{64}(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex SumoLogicAccessKey();

    [GeneratedRegex(@"\Gsumo(?:logic)?[_.-]?access[_.-]?key", IgnoreCase)]
    private static partial Regex SumoLogicAccessKeyHead();

    // IBM Cloud classic infrastructure: 64 hex digits after a SoftLayer key name (also a CLI flag) or in the SOAP URL.
    [GeneratedRegex(@"(?:\bsoftlayer|\bsl)[_-]?(?:api)?[_-]?(?:key|pwd|password|pass|token)[""']?(?:[ \t]{0,4}(?:=|:=|:|=>))?[ \t]{0,4}[""']?[a-fA-F0-9]{64}(?![A-Za-z0-9])|\bapi\.softlayer\.com/soap/v3(?:\.1)?/[a-fA-F0-9]{64}(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex SoftLayerApiKey();

    [GeneratedRegex(@"\G(?:(?:softlayer|sl)[_-]?(?:api)?[_-]?(?:key|pwd|password|pass|token)|api\.softlayer\.com/soap/v3)", IgnoreCase)]
    private static partial Regex SoftLayerApiKeyHead();

    // IBM Cloud IAM API keys: 44 characters after a key name that says IBM, IAM or cloud.
    [GeneratedRegex(@"\b(?:ibm[_-]?cloud[_-]?iam|cloud[_-]?iam|ibm[_-]?cloud|ibm[_-]?iam|ibm|iam|cloud)[_-]?(?:api[_-]?key|key|pwd|password|pass|token)[""']?[ \t]{0,4}(?:=|:=|:|=>)[ \t]{0,4}[""']?[A-Za-z0-9_-]{44}(?![A-Za-z0-9_-])", IgnoreCase)]
    private static partial Regex IbmCloudApiKey();

    [GeneratedRegex(@"\G(?:ibm[_-]?cloud[_-]?iam|cloud[_-]?iam|ibm[_-]?cloud|ibm[_-]?iam|ibm|iam|cloud)[_-]?(?:api[_-]?key|key|pwd|password|pass|token)", IgnoreCase)]
    private static partial Regex IbmCloudApiKeyHead();

    // IBM Cloud Object Storage HMAC secrets: 48 hex digits after a secret-access-key name.
    [GeneratedRegex(@"\b(?:(?:ibm[_-]?)?cos[_-]?(?:hmac[_-]?)?)?secret[_-]?(?:access[_-]?)?key[""']?[ \t]{0,4}(?:=|:=|:|=>)[ \t]{0,4}[""']?[a-fA-F0-9]{48}(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex IbmCosHmacSecret();

    [GeneratedRegex(@"\G(?:(?:ibm[_-]?)?cos[_-]?(?:hmac[_-]?)?)?secret[_-]?(?:access[_-]?)?key", IgnoreCase)]
    private static partial Regex IbmCosHmacSecretHead();

    // A package source's password in NuGet.config, which NuGet stores in clear text under this key.
    [GeneratedRegex(@"<add[ \t]{1,16}key=[""'](?:ClearText)?Password[""'][ \t]{1,16}value=[""'][^""'\r\n]{1,256}[""']", IgnoreCase)]
    private static partial Regex NuGetConfigPassword();

    [GeneratedRegex(@"\G<add[ \t]{1,16}key=[""](?:ClearText)?Password[""]", IgnoreCase)]
    private static partial Regex NuGetConfigPasswordHead();

    // A node's bootstrap token, "<6-character id>.<16-character secret>", after its name or kubeadm's --token flag. The
    // shape alone is not enough ("abcdef.0123456789abcdef" is also a file name).
    [GeneratedRegex(@"(?:\bbootstrap[_-]?token[""']?[ \t]{0,4}[=:]?|(?<![A-Za-z0-9-])--token[ \t]{0,4}=?)[ \t]{0,4}[""']?[a-z0-9]{6}\.[a-z0-9]{16}(?![A-Za-z0-9.])", IgnoreCase)]
    private static partial Regex KubernetesBootstrapToken();

    // A Secret manifest: "kind: Secret" and its data (or stringData) block in either order within one document (no "---"
    // between), up to the first value long enough to be a credential. ExternalSecret, SealedSecret and SopsSecret
    // manifests hold references or ciphertext and do not match.
    [GeneratedRegex(@"\bkind:[ \t]{0,32}[""']?[Ss]ecret[""']?(?![A-Za-z0-9])(?:(?!\n---)[\s\S]){0,1000}?\b(?:string)?[Dd]ata:[ \t]{0,32}\r?\n(?:(?:[ \t][^\r\n]{0,200})?\r?\n){0,10}?[ \t]{1,32}[\w.-]{1,100}:[ \t]{0,32}(?:[|>][-+]?[ \t]{0,32}\r?\n[ \t]{1,32})?[""']?[A-Za-z0-9+/]{12,2048}={0,2}|\b(?:string)?[Dd]ata:[ \t]{0,32}\r?\n(?:(?:[ \t][^\r\n]{0,200})?\r?\n){0,10}?[ \t]{1,32}[\w.-]{1,100}:[ \t]{0,32}(?:[|>][-+]?[ \t]{0,32}\r?\n[ \t]{1,32})?[""']?[A-Za-z0-9+/]{12,2048}={0,2}(?:(?!\n---)[\s\S]){0,1000}?\bkind:[ \t]{0,32}[""']?[Ss]ecret[""']?(?![A-Za-z0-9])", Options)]
    private static partial Regex KubernetesSecret();

    [GeneratedRegex(@"\G(?:kind:[ \t]{0,32}[""]?[Ss]ecret[""]?(?![A-Za-z0-9])|(?:string)?[Dd]ata:[ 	]{0,32}
?
)", Options)]
    private static partial Regex KubernetesSecretHead();

    // scheme://user:password@ — the password is what must go; the host stays readable.
    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:/@""'<>]{1,128}:[^\s/@""'<>]{1,256}@", Options)]
    private static partial Regex UrlWithCredentials();

    // The gateway's own API keys (ApiKeyFormat in Application): "gk_", 16 lowercase hex digits of id, "_", 43 base62.
    [GeneratedRegex(@"gk_[0-9a-f]{16}_[A-Za-z0-9]{43}(?![A-Za-z0-9])", Options)]
    private static partial Regex GatewayApiKey();

    // New Azure DevOps PATs are 84-character identifiable keys ending "AZDO" and four more; legacy ones 52 base32
    // characters, only next to a name that says so.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{19}AZDO[A-Za-z0-9]{4}(?![A-Za-z0-9])|(?<![A-Za-z0-9])(?:ado|azure[_.-]?devops|devops|vsts|azdo)[_.-]?(?:pat|token|personal[_.-]?access[_.-]?token)[""']?[ \t]{0,4}(?:=|:=|:|=>)[ \t]{0,4}[""']?[a-z2-7]{52}(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex AzureDevOpsPat();

    // Azure's identifiable keys (Cognitive Services, OpenAI, Search, Event Grid, ...): 84 characters with "JQQJ9" at 52.
    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{27}(?![A-Za-z0-9])", Options)]
    private static partial Regex AzureIdentifiableKey();

    // Azure keys that are plain base64 or hex, next to a name that says Azure, storage, Cosmos, search, function, API
    // Management, a subscription or a primary/secondary/master key: storage and Cosmos DB (64 bytes, 88 characters),
    // shared access keys (32 bytes, 44), function keys (56 base64url), search admin keys (52), APIM and OpenAI keys (32 hex).
    // Also in a sentence ("subscription key … in the header") and as the key argument of the SDK's clients and credentials
    // (new CosmosClient(endpoint, "…"), new StorageSharedKeyCredential(account, "…"), new AzureKeyCredential("…")).
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:(?:azure|az|storage|account|cosmos(?:db)?|documentdb|search|functions?|func|apim|subscription|ocp-apim-subscription|openai|cognitive(?:services)?|primary|secondary|master|shared[_.-]?access|service[_.-]?bus|event[_.-]?hub|access)[A-Za-z0-9_. -]{0,20}?(?:key|secret|token)s?(?:\\?[""'])?(?:[ \t]{0,4}(?:=|:=|:|=>|,)|[ \t]{1,4}(?:is[ \t]{1,4})?)|(?:CosmosClient|StorageSharedKeyCredential|AzureKeyCredential|AzureNamedKeyCredential)\((?:[^()\r\n,]{0,120},)?)[ \t]{0,4}(?:\\?[""'])?(?:[A-Za-z0-9+/]{86}==|[A-Za-z0-9+/]{43}=|[A-Za-z0-9_-]{54}==|[A-Za-z0-9]{52}|[A-Fa-f0-9]{32})(?![A-Za-z0-9+/=_-])", IgnoreCase)]
    private static partial Regex AzureKey();

    [GeneratedRegex(@"\G(?:(?:az|storage|account|cosmos|documentdb|search|func|apim|subscription|ocp-apim|openai|cognitive|primary|secondary|master|shared|service|event|access)[A-Za-z0-9_. -]{0,28}?(?:key|secret|token)|(?:CosmosClient|StorageSharedKeyCredential|AzureKeyCredential|AzureNamedKeyCredential)\()", IgnoreCase)]
    private static partial Regex AzureKeyHead();

    // Azure's newer service keys carry a four-character signature at a fixed place (Microsoft's "identifiable keys"):
    // 88-character base64 keys (64 bytes) with it at 76 — storage "+ASt", Cosmos DB "ACDb", API Management "APIM", Event
    // Hubs "+AEh", Service Bus "+ASb", Relay "+ARm", container registry "+ACR" — function keys (56 base64url) with "AzFu"
    // at 44, search keys (52 letters and digits) with "AzSe" at 42. SecretValidators.HasRandomPrefix checks the random part.
    [GeneratedRegex(@"(?<![A-Za-z0-9+/_-])(?:[A-Za-z0-9+/]{76}(?:\+ASt|ACDb|APIM|\+AEh|\+ASb|\+ARm|\+ACR)[A-Za-z0-9+/]{6}==(?![A-Za-z0-9+/=])|[A-Za-z0-9_-]{44}AzFu[A-Za-z0-9_-]{6}==(?![A-Za-z0-9_=-])|[A-Za-z0-9]{42}AzSe[A-Za-z0-9]{6}(?![A-Za-z0-9+/=_-]))", Options)]
    private static partial Regex AzureSignedKey();

    // A function key in the URL that calls the function: https://<app>.azurewebsites.net/api/<name>?code=<key>.
    [GeneratedRegex(@"\.azurewebsites\.net/api/[A-Za-z0-9_./-]{1,100}\?(?:[^\s#""'<>&]{1,100}&){0,4}code=[A-Za-z0-9_-]{20,100}={0,2}", IgnoreCase)]
    private static partial Regex AzureFunctionUrlKey();

    // Entra ID (Azure AD) and Microsoft account refresh tokens: "0.A" or "1.A", then base64url segments.
    [GeneratedRegex(@"(?<![A-Za-z0-9._-])[01]\.A[A-Za-z0-9_-]{100,3000}(?:\.[A-Za-z0-9_-]{2,1000}){0,1}(?![A-Za-z0-9_-])", Options)]
    private static partial Regex EntraRefreshToken();

    [GeneratedRegex(@"\G[01]\.A[A-Za-z0-9_-]{100}", Options)]
    private static partial Regex EntraRefreshTokenHead();

    // Square: access tokens (sq0atp-, sandbox sq0atb-), OAuth secrets (sq0csp-), application ids (sq0idp-, sq0idb-,
    // sq0idk-) and OAuth access tokens ("EAAA" and 60 more).
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:sq0(?:atp|atb|csp|idp|idb|idk)-[A-Za-z0-9_-]{22,60}|EAAA[A-Za-z0-9+=_-]{60})(?![A-Za-z0-9_-])", Options)]
    private static partial Regex SquareToken();

    // Mailgun private API keys: "key-" and 32 hex digits, or 32 hex digits and two groups of 8 after a Mailgun name.
    [GeneratedRegex(@"(?<![A-Za-z0-9])key-[0-9a-f]{32}(?![A-Za-z0-9])|(?<![A-Za-z0-9])mailgun[A-Za-z0-9_.-]{0,30}?(?:key|token|secret)[""']?[ \t]{0,4}(?:=|:=|:|=>)[ \t]{0,4}[""']?(?:key-)?[0-9a-f]{32}(?:-[0-9a-f]{8}-[0-9a-f]{8})?(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex MailgunKey();

    // A Twilio auth token or API secret: 32 letters and digits after a name that says Twilio.
    [GeneratedRegex(@"(?<![A-Za-z0-9])twilio[A-Za-z0-9_.-]{0,30}(?:[""'])?[ \t]{0,4}(?:=|:=|:|=>|,)[ \t]{0,4}[""']?[A-Za-z0-9]{32}(?![A-Za-z0-9])", IgnoreCase)]
    private static partial Regex TwilioAuthToken();

    [GeneratedRegex(@"\Gtwilio[A-Za-z0-9_.-]{0,30}", IgnoreCase)]
    private static partial Regex TwilioAuthTokenHead();

    // The token right after the account's SID ("AC" and 32 hex digits): the password of basic auth (curl -u AC…:token) or
    // the next argument (Client("AC…", "token")).
    [GeneratedRegex(@"\bAC[0-9a-f]{32}[""']?[ \t]{0,4}[:,][ \t]{0,4}[""']?[A-Za-z0-9]{32}(?![A-Za-z0-9])", Options)]
    private static partial Regex TwilioSidAndToken();

    [GeneratedRegex(@"\GAC[0-9a-f]{32}", Options)]
    private static partial Regex TwilioSidHead();

    [GeneratedRegex(@"(?<![A-Za-z0-9])da2-[a-z0-9]{26}(?![A-Za-z0-9])", Options)]
    private static partial Regex AppSyncKey();

    [GeneratedRegex(@"(?<![A-Za-z0-9])mdb_sa_sk_[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])", Options)]
    private static partial Regex MongoDbAtlasSecret();

    // A database connection string (ADO.NET, ODBC, OLE DB, libpq keywords): from its server, user or database keyword
    // to the password's end, on one line.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:server|data source|host|uid|user ?id|userid|user|provider|driver|database|initial catalog|address|addr|dsn)[ \t]{0,4}=[^\r\n""'<>]{0,300}?(?<![A-Za-z0-9_])(?:password|pwd)[ \t]{0,4}=[ \t]{0,4}[^;\s""'<>]{1,128}", IgnoreCase)]
    private static partial Regex ConnectionStringPassword();

    [GeneratedRegex(@"\G(?:server|data source|host|uid|user ?id|userid|user|provider|driver|database|initial catalog|address|addr|dsn)[ \t]{0,4}=", IgnoreCase)]
    private static partial Regex ConnectionStringPasswordHead();

    // A JDBC URL with the password as a property (";password=", "?password=", "&password=").
    [GeneratedRegex(@"(?<![A-Za-z0-9])jdbc:[a-z0-9]{2,20}:[^\s""'<>]{0,300}?[?;&:](?:password|pwd)=[^&;\s""'<>]{1,128}", IgnoreCase)]
    private static partial Regex JdbcUrlPassword();

    // A value assigned to a name that ends in key, secret, token, pat, sig(nature), credential or pass(word): "api_key",
    // "azure_search_key", "STRIPE_SECRET", "clientSecret". The match is the value alone (the name is a look-behind), so
    // the name stays readable and a value of a known shape keeps its own detector's type. A comma counts only in a
    // quoted pair ("api_token", "…"). Only strong values count (SecretValidators.HasStrongSecretValue): no hashes,
    // UUIDs, commit ids or placeholders. In <add key="…" value="…"/> the key attribute is a name (the look-ahead stays
    // within OutputFilter.LookaroundMargin).
    [GeneratedRegex(@"(?<=(?<!(?:public|pub|foreign|primary|partition|sort|cache|idempotency|lookup|dict|hash|row|ssh|gpg|pgp|csrf|xsrf|next|page|continuation|sync|cursor)[_.-]?)(?:key|secret|token|pat|sig|signature|credential|pass|password|pwd)s?(?:(?:\\?[""'])?[ \t]{0,4}(?:=|:=|=>|:)|\\?[""'][ \t]{0,4},)[ \t]{0,4}(?:\\?[""'`])?)[A-Za-z0-9+/=_.~!@#$%^&*-]{16,256}(?![A-Za-z0-9+/=_.~!@#$%^&*-])(?!\\?[""'][ \t]value)", IgnoreCase)]
    private static partial Regex KeyAssignment();

    [GeneratedRegex(@"\G(?:key|secret|token|pat|sig|signature|credential|pass|password|pwd)s?(?:(?:\\?[""'])?[ \t]{0,4}(?:=|:=|=>|:)|\\?[""'][ \t]{0,4},)", IgnoreCase)]
    private static partial Regex KeyAssignmentHead();

    // A password whose name is in a sibling field of a key/value list: <key>db_password</key><value>…</value>,
    // {"key": "db_password", "value": "…"}, "- key: db_password" and "value: …" on the next line.
    [GeneratedRegex(@"<key>[^<>\r\n]{0,60}?(?:password|passwd|pwd|pass\b)[^<>\r\n]{0,20}</key>[ \t\r\n]{0,40}<value>[^<>\s]{1,256}(?=</value>)|""key""[ \t]{0,4}:[ \t]{0,4}""[^""\r\n]{0,60}?(?:password|passwd|pwd|pass\b)[^""\r\n]{0,20}""[ \t]{0,4},[ \t]{0,4}""value""[ \t]{0,4}:[ \t]{0,4}""[^""\s]{1,256}(?="")|\bkey:[ \t]{1,4}[^\s]{0,60}?(?:password|passwd|pwd|pass\b)[^\s]{0,20}[ \t]{0,4}\r?\n[ \t]{0,40}value:[ \t]{1,4}[^\s]{1,256}", IgnoreCase)]
    private static partial Regex SiblingPassword();

    [GeneratedRegex(@"\G(?:<key>[^<>\r\n]{0,60}?(?:password|passwd|pwd|pass\b)|""key""[ \t]{0,4}:[ \t]{0,4}""[^""\r\n]{0,60}?(?:password|passwd|pwd|pass\b)|key:[ \t]{1,4}[^\s]{0,60}?(?:password|passwd|pwd|pass\b))", IgnoreCase)]
    private static partial Regex SiblingPasswordHead();

    // A secret whose name is in a sibling field: an environment entry of a Kubernetes or Compose manifest ("- name:
    // DB_PASSWORD" and "value: …" on the next line) or a Terraform variable's default (variable "api_token" { default = "…" }).
    [GeneratedRegex(@"(?:\bname:[ \t]{0,4}[""']?|\bvariable[ \t]{1,4}"")[A-Za-z0-9_.-]{0,60}?(?:key|secret|token|pat|password|passwd|pwd|pass|credentials?)[""']?[ \t]{0,4}(?:\r?\n[ \t]{0,40}value:|\{[ \t]{0,4}\r?\n(?:[ \t]{0,40}(?:type|description|sensitive|nullable)\b[^\r\n]{0,120}\r?\n){0,3}[ \t]{0,40}default[ \t]{0,8}=)[ \t]{0,4}[""']?[^\s""']{8,256}", IgnoreCase)]
    private static partial Regex NamedSecret();

    [GeneratedRegex(@"\G(?:name:[ \t]{0,4}[""']?|variable[ \t]{1,4}"")[A-Za-z0-9_.-]{0,60}?(?:key|secret|token|pat|pass|pwd|credential)", IgnoreCase)]
    private static partial Regex NamedSecretHead();

    // The header names that carry credentials in curl commands, HTTP dumps and client code.
    [GeneratedRegex(@"\b(?:Proxy-)?(?:Authorization|X-API-Key|API-Key|X-Auth-Token|X-Access-Token|Private-Token|Token)[""']?[ \t]{0,4}:[ \t]{0,4}(?:(?:Basic|Bearer|Token|Bot|Digest|ApiKey)[ \t]{1,4})?[A-Za-z0-9._~+/=:-]{8,512}", IgnoreCase)]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"\G(?:Proxy-)?(?:Authorization|X-API-Key|API-Key|X-Auth-Token|X-Access-Token|Private-Token|Token)[""]?[ 	]{0,4}:", IgnoreCase)]
    private static partial Regex AuthorizationHeaderHead();

    // key = value, key: value, "key": "value", key := value, key => value, <key>value</key>, with a key that names a secret. An unquoted
    // "key:value" without a space is left alone: that is a URL, a Maven coordinate or a namespace, not an assignment.
    // A string literal also counts after a longer name (DB_PASSWORD_PROD = "…", password01 = "…", but not password_name or
    // credentialsId), in a comparison (secret == "…"), as a call's argument (secret("…")), as the value of a pair
    // ("api_token", "…") and in a sentence ("the password is 'blooberry'", "password for user bob was \"…\"").
    // Public keys and tokens (public_key, publicToken) and CSRF tokens are not credentials.
    // The match starts at the secret-naming word ("DB_PASSWORD=…" keeps "DB_"), so the engine can search for it.
    // The value must look random (see SecretValidators.HasSecretValue), except after a password name, where any literal
    // password counts (SecretValidators.IsPasswordLiteral): "password=open_sesame" is redacted, "password=changeme" is not.
    [GeneratedRegex(@"(?:password|passwd|pwd|(?<![A-Za-z])pass(?![a-z])|secret|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|auth[_.-]?token|access[_.-]?token|api[_.-]?token|(?<!(?:public|pub|csrf|xsrf)[_.-]?)token|auth|credentials?)(?:(?:[""']?[ \t]{0,16}(?:=|:=|=>)|[""'][ \t]{0,4}:|:[ \t]{1,4})[ \t]{0,4}[""'`]?[^\s""'`<>,;]{8,256}(?![^\s""'`<>,;])|>[^\s""'`<>]{8,256}(?=</)|(?![_-]?(?:ids?|names?|url|uri|file|path|length|len|size|type|variable|var|ref|hint|field|label)(?![a-z]))(?:[_-][A-Za-z0-9]{1,20}|[0-9]{1,3}|(?-i:[A-Z][A-Za-z0-9]{0,19}))?(?:[""']?[ \t]{0,16}(?:=|:=|=>|==|!=)|[""'][ \t]{0,4}[:,]|:[ \t]{1,4}|\()[ \t]{0,4}(?:""[^""\s]{8,256}""|'[^'\s]{8,256}')|[ \t]{1,4}(?:(?:for|of)[ \t][^\r\n""'.,;]{1,40}?[ \t])?(?:is|was)[ \t]{1,4}(?:set[ \t]to[ \t]{1,4})?(?:""[^""\s]{8,256}""|'[^'\s]{8,256}'))", IgnoreCase)]
    private static partial Regex SecretAssignment();

    [GeneratedRegex(@"\G(?:password|passwd|pwd|pass(?![a-z])|secret|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|auth[_.-]?token|access[_.-]?token|api[_.-]?token|token|auth|credentials?)(?:>|[ 	]{1,4}(?:is|was|for|of)[ 	]|(?:[_-][A-Za-z0-9]{1,20}|[0-9]{1,3}|(?-i:[A-Z][A-Za-z0-9]{0,19}))?(?:[""]?[ 	]{0,16}(?:=|:=|=>|==|!=)|[""][ 	]{0,4}[:,]|:[ 	]{1,4}|\())", IgnoreCase)]
    private static partial Regex SecretAssignmentHead();

    // Not right after "user:" of a URL (url_credentials' business), except in "mailto:". Or written out against
    // harvesters: "name [at] domain [dot] com", "name(at)domain.com", "name at domain dot com" (up to five labels after
    // the marker; PiiValidators.IsObfuscatedEmail decides).
    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-]|(?<!mailto):)[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z][A-Za-z0-9-]{1,23}\b|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}(?:[ \t]{0,2}[\[({<](?i:at)[\])}>][ \t]{0,2}|[ \t]{1,2}(?i:at)[ \t]{1,2})[A-Za-z0-9-]{1,63}(?:(?:[ \t]{0,2}[\[({<](?i:dot)[\])}>][ \t]{0,2}|[ \t]{1,2}(?i:dot)[ \t]{1,2}|\.)[A-Za-z0-9-]{1,63}){1,5}(?![A-Za-z0-9-]|\.[A-Za-z0-9-])", Options)]
    private static partial Regex Email();

    // Contiguous, or in groups of four (4-6-5 for Amex) with one kind of separator; the Luhn check decides.
    [GeneratedRegex(@"(?<![0-9A-Za-z-])(?:[0-9]{13,19}(?![0-9A-Za-z])|(?<![0-9][ -])(?:[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{1,4}(?:\1[0-9]{1,3})?|[0-9]{4}([ -])[0-9]{6}\2[0-9]{4,5})(?![0-9A-Za-z]|[ -][0-9]))", Options)]
    private static partial Regex CreditCard();

    // Compact, or printed in groups of four with spaces or dashes (one kind); the mod-97 check decides.
    [GeneratedRegex(@"\b[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|([ -])[A-Z0-9]{4}(?:\1[A-Z0-9]{4}){1,6}(?:\1[A-Z0-9]{1,3})?)\b", Options)]
    private static partial Regex Iban();

    [GeneratedRegex(@"(?<![0-9A-Za-z-])[0-9]{3}([- .])[0-9]{2}\1[0-9]{4}(?![0-9A-Za-z])", Options)]
    private static partial Regex UsSsn();

    // IPv4 with octets 0-255; IPv6 candidates are hex groups with colons, checked by the validator.
    [GeneratedRegex(@"(?<![0-9A-Za-z.:])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9A-Za-z]|\.[0-9])|(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,8}(?:[0-9A-Fa-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})?(?![0-9A-Za-z:]|\.[0-9A-Za-z])", Options)]
    private static partial Regex IpAddress();

    // Digit groups that may be a phone number, international ("+44 20 7946 0958", "0049 …") or national ("(415) 555-0132",
    // "030 1234567", "0912-345-678", "+49 176/ 12345678"), with an extension ("x123", "ext. 45"); libphonenumber decides. Not a stretch of a
    // longer run of digit groups (account numbers, IBANs).
    [GeneratedRegex(@"(?<![0-9A-Za-z+_*/.-]|[0-9][ .-])(?:\+[ ]?|00)?(?:\([0-9]{1,5}\)[ .-]?)?[0-9]{1,6}(?:(?:[ .\-/]|[ ]?[-/][ ]?)?(?:\([0-9]{1,5}\)|[0-9]{1,6})){0,6}(?:[ ]{0,2}(?:ext\.?|x|extension|ext:|\#)[ ]{0,2}[0-9]{1,6})?(?![0-9A-Za-z]|[ .-][0-9])", Options)]
    private static partial Regex Phone();
}

public enum DetectorCategory
{
    Secret,
    PersonalData,
}

/// <summary>Decides whether a regex match is really of the detector's type (checksum, entropy, ranges).</summary>
public delegate bool MatchValidator(ReadOnlySpan<char> match);

/// <summary>
/// A <see cref="MatchValidator"/> that also reads the text just before the match (<paramref name="before"/>: at most
/// <see cref="OutputFilter.ContextReach"/> characters, fewer at the start of the answer), as "phone:" before a number.
/// </summary>
public delegate bool ContextMatchValidator(ReadOnlySpan<char> before, ReadOnlySpan<char> match);

/// <param name="MaxLength">The longest text one match can span; the patterns' bounded quantifiers guarantee it.</param>
/// <param name="Validator">Null when every match counts (unless <paramref name="ContextValidator"/> decides).</param>
/// <param name="Starts">Where matches can start, for the streaming filter; null: anywhere in the last <paramref name="MaxLength"/>
/// characters plus the look-around margin (always exact, but the streaming filter then holds that much back).</param>
/// <param name="ContextValidator">Instead of <paramref name="Validator"/>, for a detector whose decision depends on the words before the match.</param>
public sealed record SecretDetector(string Type, DetectorCategory Category, int MaxLength, Regex Pattern, MatchValidator? Validator = null, MatchStartFinder? Starts = null,
    ContextMatchValidator? ContextValidator = null);
