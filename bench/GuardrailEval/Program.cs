// GuardrailEval: detection and false-positive rates of the guardrails on labelled JSONL files, in two tables.
//   dotnet run -c Release --project bench/GuardrailEval -- ../shared/corpus [--errors]
// The folder's train/*.jsonl is the TRAINING set (rules and thresholds are fitted to it; --errors lists its misses and
// false positives, injection ones with the rule ids that matched);
// its own *.jsonl is the VALIDATION set (measured only: the figures to quote).
// One object a line: {"text", "label", "kind", ...}. Which engine runs depends on the label:
//   injection / benign -> the default policy's PromptInspector (must block / must not)
//   secret / clean     -> OutputFilter with the secret detectors (must redact / must not)
//   pii / clean        -> OutputFilter with the six personal-data detectors (must find / must not)
// A line's family is its kind without the source's "_lookalike" / "_negative" suffix, so a rule's true and
// false positives are reported side by side; a kind that joins entity types with '+' is family "mixed".
// Families marked '*' are of a kind the catalogue claims to cover (IsCovered, IsCoveredInTraining); the pooled
// "covered" row is the one the targets apply to. Exit code 0 unless the folder is missing: a measurement.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Policies;

if (args.Length == 2 && args[1] == "--detectors")
{
    // Cost of each detector alone on a 64 KiB answer of prose with a few secrets: where the time goes.
    var prose = ProseSample();
    foreach (var detector in SecretDetectorCatalog.Detectors)
    {
        var single = new OutputFilter([], [detector.Type]);
        var t0 = Stopwatch.GetTimestamp();
        for (var i = 0; i < 10; i++)
        {
            single.Filter(prose);
        }

        var whole = prose.Length * 2.0 * 10 / 1e6 / Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var streamed = 0.0;
        for (var round = 0; round < 6; round++)
        {
            // The best of five rounds after a warm-up (the first runs partly unoptimised: tiered JIT).
            t0 = Stopwatch.GetTimestamp();
            var stream = single.CreateStream();
            for (var i = 0; i < prose.Length; i += 16)
            {
                stream.Push(prose.Substring(i, Math.Min(16, prose.Length - i)));
            }

            stream.Flush();
            streamed = round == 0 ? 0 : Math.Max(streamed, prose.Length * 2.0 / 1e6 / Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }

        Console.WriteLine($"{detector.Type,-34} {whole,8:F0} MB/s whole {streamed,8:F1} MB/s streamed in 16-char chunks");
    }

    return 0;
}

if (args.Length == 2 && args[1] == "--holdback")
{
    // How much a streamed answer is held back: Pending after each 16-character chunk, default policy's filter.
    Console.WriteLine(HoldBack(args[0], PolicyCompiler.Compile(DefaultPolicy.Create(10, 60), 1, new RoleLimits()).OutputFilter));
    return 0;
}

if (args.Length is < 1 or > 2 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: GuardrailEval <corpus folder: *.jsonl = validation, train/*.jsonl = training> [--errors]");
    return 2;
}

// --errors: also list each misclassified prompt and each misclassified line of a covered family (truncated), for working
// on the rules. Only for the training set: the validation set is measured, never read to write a rule.
var showErrors = args.Length == 2 && args[1] == "--errors";

var policy = PolicyCompiler.Compile(DefaultPolicy.Create(10, 60), 1, new RoleLimits());
var secretFilter = new OutputFilter([], [SecretDetectorCatalog.Secrets]);
var piiFilter = new OutputFilter([], [SecretDetectorCatalog.PersonalData]);

var training = Path.Combine(args[0], "train");
if (Directory.Exists(training))
{
    Console.WriteLine($"== TRAINING SET ({training}): the rules and thresholds are fitted to it; training rates");
    Table(training, training: true, showErrors);
}

Console.WriteLine($"== VALIDATION SET ({args[0]}/*.jsonl): nothing is fitted to it; the figures to quote");
Table(args[0], training: false, showErrors: false);

Console.WriteLine(Throughput(secretFilter, piiFilter, policy.OutputFilter));
return 0;

void Table(string folder, bool training, bool showErrors)
{
    var errors = new List<string>();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"file / family",-58} {"pos",5} {"found",6} {"det%",6} {"neg",5} {"fp",4} {"fp%",6}"));
    var grandCovered = new Tally();
    foreach (var path in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
    {
        var lines = File.ReadAllLines(path);
        var families = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var pooled = new Tally();
        var covered = new Tally();
        long bytes = 0;
        var calls = 0;
        var started = Stopwatch.GetTimestamp();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var text = json.RootElement.GetProperty("text").GetString() ?? string.Empty;
            var label = json.RootElement.GetProperty("label").GetString() ?? string.Empty;
            var kind = json.RootElement.TryGetProperty("kind", out var k) ? k.GetString() ?? "?" : "?";
            var positive = label is "injection" or "secret" or "pii";
            FilterResult? filtered = label switch
            {
                "injection" or "benign" => null,
                "pii" => piiFilter.Filter(text),
                "secret" => secretFilter.Filter(text),
                _ => Path.GetFileName(path).StartsWith("pii", StringComparison.Ordinal) ? piiFilter.Filter(text) : secretFilter.Filter(text),
            };
            var verdict = filtered is null ? policy.Inspector.Inspect(text) : default;
            var flagged = filtered is { } f ? f.Redactions.Count > 0 : verdict.ThresholdReached;
            bytes += Encoding.UTF8.GetByteCount(text);
            calls++;

            // Prompts are grouped by source ("bipia_indirect:email" is BIPIA's e-mail task, not an e-mail address).
            var rule = json.RootElement.TryGetProperty("rule_name", out var r) ? r.GetString() ?? string.Empty : string.Empty;
            var family = training ? (label is "injection" or "benign" ? kind.Split(':')[0] : TrainingFamily(kind, rule)) : Family(kind);
            if (!families.TryGetValue(family, out var tally))
            {
                families[family] = tally = new Tally();
            }

            tally.Add(positive, flagged);
            pooled.Add(positive, flagged);
            if (showErrors && filtered is null && positive != flagged)
            {
                // An injection miss or false positive, with the rules that matched (a miss may have matched weak ones).
                errors.Add($"{(positive ? "MISS" : "FP  ")} {family} [{string.Join(' ', verdict.RuleIds)}]: {Shown(text)}");
            }

            if ((training ? IsCoveredInTraining(family) : IsCovered(family)) && filtered is not null)
            {
                if (showErrors && positive != flagged)
                {
                    // A false positive also shows the redacted text: which detector took what.
                    errors.Add($"{(positive ? "MISS" : "FP  ")} {family} ({kind}): {Shown(text)}");
                    if (!positive)
                    {
                        errors.Add($"     -> {Shown(filtered?.Text ?? text)}");
                    }
                }

                covered.Add(positive, flagged);
                grandCovered.Add(positive, flagged);
            }
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"== {Path.GetFileName(path)}  ({calls} lines, {bytes / 1024.0:F0} KiB, {calls / seconds:F0} calls/s, {bytes / 1e6 / seconds:F1} MB/s incl. JSON parsing)");
        foreach (var (family, tally) in families)
        {
            Console.WriteLine(tally.Row(((training ? IsCoveredInTraining(family) : IsCovered(family)) ? "* " : "  ") + family));
        }

        Console.WriteLine(pooled.Row("  POOLED (all families)"));
        if (covered.Positives + covered.Negatives > 0 && covered.Positives + covered.Negatives != pooled.Positives + pooled.Negatives)
        {
            Console.WriteLine(covered.Row("  POOLED (covered families *)"));
        }
    }

    Console.WriteLine(grandCovered.Row($"== OUTPUT FILTERING (secrets + pii), covered *, {(training ? "training" : "validation")}"));
    foreach (var error in errors)
    {
        Console.WriteLine(error);
    }
}

static string Shown(string text)
{
    var line = text.ReplaceLineEndings("\\n");
    return line.Length > 240 ? line[..240] : line;
}

// Training kinds name their source and rule ("noseyparker:np.azure.3", "kingfisher:kingfisher.azure.devops.1",
// "validatorjs:isMobilePhone:uk-UA"): secrets are grouped by vendor, personal data by entity type. Two groups of train's
// positives are not what their label says, and are reported apart, uncovered:
// - "identifier": rules whose own name says they find an identifier, not a credential (a Shopify or Jira domain, an Azure
//   OpenAI host, a storage account name, an AWS account id, a client id, an age recipient, which is a public key);
// - "validatorjs_mislabeled": validator.js "isMobilePhone" items under a bare country code (AD, CA, FI, ...) are its
//   isPostalCode / isIdentityCard tests ("AD100", "L4T 0A5", "131052A308T"); its phone locales are "uk-UA", "en-GB", ...
static string TrainingFamily(string kind, string ruleName)
{
    if (Rules.Identifier().IsMatch(ruleName))
    {
        return "identifier";
    }

    if (kind.StartsWith("validatorjs:isMobilePhone:", StringComparison.Ordinal) && kind.Length == "validatorjs:isMobilePhone:".Length + 2)
    {
        return "validatorjs_mislabeled";
    }

    var rule = kind.StartsWith("noseyparker:np.", StringComparison.Ordinal) ? kind["noseyparker:np.".Length..]
        : kind.StartsWith("kingfisher:kingfisher.", StringComparison.Ordinal) ? kind["kingfisher:kingfisher.".Length..]
        : null;
    if (rule is not null)
    {
        var dot = rule.IndexOf('.', StringComparison.Ordinal);
        return "vendor:" + (dot < 0 ? rule : rule[..dot]);
    }

    return kind switch
    {
        _ when kind.Contains("Phone", StringComparison.OrdinalIgnoreCase) => "PHONE_NUMBER",
        _ when kind.Contains("IpAddress", StringComparison.Ordinal) || kind.StartsWith("validatorjs:isIP", StringComparison.Ordinal) => "IP_ADDRESS",
        _ when kind.Contains("Email", StringComparison.OrdinalIgnoreCase) => "EMAIL_ADDRESS",
        _ when kind.StartsWith("validatorjs:isIBAN", StringComparison.Ordinal) => "IBAN_CODE",
        _ when kind.StartsWith("validatorjs:isCreditCard", StringComparison.Ordinal) || kind.Contains("CREDIT_CARD", StringComparison.Ordinal) => "CREDIT_CARD",
        _ when kind.Contains("SSN", StringComparison.Ordinal) => "US_SSN",
        _ when kind.StartsWith("scrubadub:", StringComparison.Ordinal) => "scrubadub",
        _ => kind.Split(':')[0],
    };
}

// The training vendors whose secrets are of a type in SecretDetectorCatalog (or caught by the generic detectors), and
// the six personal-data types.
static bool IsCoveredInTraining(string family) => family switch
{
    "EMAIL_ADDRESS" or "PHONE_NUMBER" or "CREDIT_CARD" or "IBAN_CODE" or "US_SSN" or "IP_ADDRESS" or "scrubadub" => true,
    "ripsecrets" or "whispers" or "git_secrets" or "ggshield" => true,
    _ => family.StartsWith("vendor:", StringComparison.Ordinal) && IsCoveredVendor(family["vendor:".Length..]),
};

static bool IsCoveredVendor(string vendor) => vendor is "aws" or "appsync" or "azure" or "azurestorage" or "azuresearch" or "azureopenai"
    or "github" or "gitlab" or "slack" or "stripe" or "openai" or "anthropic" or "jwt" or "pem" or "privkey" or "twilio" or "mailgun"
    or "square" or "squareup" or "atlassian" or "jira" or "sendgrid" or "npm" or "pypi" or "telegram" or "digitalocean" or "shopify"
    or "databricks" or "hashicorp" or "age" or "1password" or "notion" or "sourcegraph" or "sentry" or "doppler" or "snyk"
    or "sonarqube" or "sumologic" or "softlayer" or "ibm" or "nuget" or "kubernetes" or "mailchimp" or "huggingface"
    or "postgres" or "mongodb" or "odbc" or "mysql" or "jdbc" or "generic" or "google";

static string Family(string kind)
{
    if (kind.Contains('+', StringComparison.Ordinal))
    {
        return "mixed";
    }

    foreach (var suffix in (string[])["_lookalike", "_negative"])
    {
        if (kind.EndsWith(suffix, StringComparison.Ordinal))
        {
            return kind[..^suffix.Length];
        }
    }

    return kind;
}

// The source kinds (rule ids / entity types) whose secrets are of a type in SecretDetectorCatalog, or one of the six
// personal-data types. Everything else (Artifactory, IBM, Discord bot tokens, German tax numbers, ...) is reported
// but is not what the catalogue claims to find.
static bool IsCovered(string family) => family switch
{
    "EMAIL_ADDRESS" or "PHONE_NUMBER" or "CREDIT_CARD" or "IBAN_CODE" or "US_SSN" or "IP_ADDRESS" or "mixed" or "no_pii" => true,
    "aws-access-token" or "aws_key" or "azure_storage_key" or "basic_auth" or "curl-auth-header" or "gcp-api-key"
        or "generic-api-key" or "high_entropy_string" or "keyword_password_assignment" or "keyword_assignment"
        or "jwt" or "jwt-base64" or "llm_guard_secret" or "llm_guard_no_secret" or "mailchimp-api-key" or "mailchimp_key"
        or "npm" or "openai" or "openai-api-key" or "pypi_token" or "private-key" or "private_key" or "sendgrid"
        or "sidekiq-sensitive-url" or "stripe-access-token" or "stripe_key" or "telegram_token" or "twilio"
        or "vault-batch-token" or "vault-service-token" or "databricks-api-token" or "age-secret-key"
        or "huggingface-access-token" or "huggingface-organization-api-token" or "slack-webhook-url"
        or "1password-secret-key" or "1password-service-account-token" or "notion-api-token" or "sourcegraph-access-token"
        or "sentry-org-token" or "sentry-user-token" or "doppler-api-token" or "atlassian-api-token" or "azure-ad-client-secret"
        or "snyk-api-token" or "sonar-api-token" or "sumologic-access-id" or "sumologic-access-token" or "softlayer"
        or "ibm_cloud_iam" or "ibm_cos_hmac" or "nuget-config-password" or "kubernetes-secret-yaml"
        or "square-access-token" or "square-secret" or "square_oauth" => true,
    _ => family.StartsWith("github", StringComparison.Ordinal) || family.StartsWith("gitlab", StringComparison.Ordinal)
        || family.StartsWith("slack", StringComparison.Ordinal) || family.StartsWith("anthropic", StringComparison.Ordinal),
};

static string Throughput(params OutputFilter[] filters)
{
    // A 64 KiB answer of prose with a few secrets and addresses, filtered whole and streamed in 16-character chunks.
    var text = ProseSample();
    var result = new StringBuilder("throughput (64 KiB answer):");
    foreach (var (name, filter) in (ReadOnlySpan<(string, OutputFilter)>)[("secrets", filters[0]), ("pii", filters[1]), ("default policy", filters[2])])
    {
        var started = Stopwatch.GetTimestamp();
        const int Rounds = 20;
        for (var i = 0; i < Rounds; i++)
        {
            filter.Filter(text);
        }

        var whole = text.Length * 2.0 * Rounds / 1e6 / Stopwatch.GetElapsedTime(started).TotalSeconds;
        Stream(filter, text); // warm-up: the first pass runs partly unoptimised (tiered JIT)
        started = Stopwatch.GetTimestamp();
        const int StreamRounds = 3;
        for (var i = 0; i < StreamRounds; i++)
        {
            Stream(filter, text);
        }

        var streamed = text.Length * 2.0 * StreamRounds / 1e6 / Stopwatch.GetElapsedTime(started).TotalSeconds;
        result.Append(CultureInfo.InvariantCulture, $"  {name}: whole {whole:F0} MB/s, streamed {streamed:F1} MB/s;");
    }

    return result.ToString();

    static void Stream(OutputFilter filter, string text)
    {
        var stream = filter.CreateStream();
        for (var i = 0; i < text.Length; i += 16)
        {
            stream.Push(text.Substring(i, Math.Min(16, text.Length - i)));
        }

        stream.Flush();
    }
}

static string HoldBack(string folder, OutputFilter filter)
{
    var benign = new List<string>();
    foreach (var line in File.ReadAllLines(Path.Combine(folder, "benign.jsonl")))
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            using var json = JsonDocument.Parse(line);
            benign.Add(json.RootElement.GetProperty("text").GetString() ?? string.Empty);
        }
    }

    // Long answers: the benign texts as paragraphs of about 6 KiB, and a technical answer with numbers, dates,
    // URLs, an e-mail address and words like "token" and "password", but no secret.
    var answers = new List<string>();
    var paragraph = new StringBuilder();
    foreach (var text in benign)
    {
        paragraph.Append(text).Append("\n\n");
        if (paragraph.Length > 6_000)
        {
            answers.Add(paragraph.ToString());
            paragraph.Clear();
        }
    }

    answers.Add(TechnicalAnswer());
    var report = new StringBuilder();
    foreach (var (name, texts) in (ReadOnlySpan<(string, List<string>)>)[("benign.jsonl texts", benign), ("long answers", answers)])
    {
        var pending = new List<int>();
        var first = new List<int>();
        foreach (var text in texts)
        {
            var stream = filter.CreateStream();
            var firstRelease = -1;
            for (var i = 0; i < text.Length; i += 16)
            {
                var released = stream.Push(text.Substring(i, Math.Min(16, text.Length - i)));
                pending.Add(stream.Pending);
                if (firstRelease < 0 && released.Length > 0)
                {
                    firstRelease = Math.Min(i + 16, text.Length);
                }
            }

            first.Add(firstRelease < 0 ? text.Length : firstRelease);
            stream.Flush();
        }

        pending.Sort();
        first.Sort();
        report.Append(CultureInvariant($"{name} ({texts.Count} texts, {pending.Count} chunks): held back after each 16-char chunk median {pending[pending.Count / 2]}, p99 {pending[(int)(pending.Count * 0.99)]}, max {pending[^1]} chars; characters received before the first release median {first[first.Count / 2]}, max {first[^1]}\n"));
    }

    return report.Append(Throughput(new OutputFilter([], [SecretDetectorCatalog.Secrets]), new OutputFilter([], [SecretDetectorCatalog.PersonalData]), filter)).ToString();

    static string CultureInvariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

static string TechnicalAnswer()
{
    var answer = new StringBuilder();
    for (var i = 0; i < 12; i++)
    {
        answer.Append(CultureInfo.InvariantCulture, $"## Step {i + 1}: configure the client (updated 2026-03-{i + 10:D2})\n\n")
            .Append("Set the access token in the environment, never in the source: the SDK reads it at start-up and refreshes ")
            .Append("the token before it expires. Keep the password of the service account in your secret manager; the ")
            .Append(CultureInfo.InvariantCulture, $"rotation job runs every {i * 7 + 30} minutes and logs to https://status.example.com/jobs/{i}?verbose=true.\n\n")
            .Append("```csharp\nvar client = new HttpClient { BaseAddress = new Uri(\"https://api.example.com/v2/\") };\n")
            .Append(CultureInfo.InvariantCulture, $"client.Timeout = TimeSpan.FromSeconds({i + 5});\nvar response = await client.GetAsync(\"orders?page={i}\");\n```\n\n")
            .Append("If the call fails with 401, check that the token has the orders:read scope; questions go to support@example.com. ")
            .Append(CultureInfo.InvariantCulture, $"Version {i}.{i + 1}.{i * 3} fixed the retry loop; see issue #{1200 + i} and the 3 tables below.\n\n");
    }

    return answer.ToString();
}

static string ProseSample()
{
    var sample = new StringBuilder();
    while (sample.Length < 65_536)
    {
        sample.Append("The deployment uses key AKIAIOSFODNN7EXAMPLE; mail ops@example.com or call +1 415 555 0132. ")
            .Append("Nothing secret in this sentence at all, just ordinary words about the weather and the build. ");
    }

    return sample.ToString();
}

internal static partial class Rules
{
    // What a rule finds, by its name: "Shopify Domain", "Azure OpenAI Host", "Azure Storage Account Name", "AWS Account ID",
    // "Google Client ID", "Age Recipient (X25519 public key)", "Amazon Resource Name", "Artifactory JFrog URL".
    // Not when the name also says it finds a credential ("Generic Username and Password").
    [GeneratedRegex(@"^(?!.*(?:Password|Secret|Credential|Token|(?<!public )Key\b)).*\b(?:Domain|Host|Org Name|Account Name|Account ID|Client ID|App(?:lication)? ID|PUBLIC Key|Recipient|Username|Resource Name|Instance URL|Search URL|JFrog URL)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex Identifier();
}

internal sealed class Tally
{
    public int Positives { get; private set; }
    public int Found { get; private set; }
    public int Negatives { get; private set; }
    public int FalsePositives { get; private set; }

    public void Add(bool positive, bool flagged)
    {
        if (positive)
        {
            Positives++;
            Found += flagged ? 1 : 0;
        }
        else
        {
            Negatives++;
            FalsePositives += flagged ? 1 : 0;
        }
    }

    public string Row(string name) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(name.Length > 58 ? name[..58] : name),-58} {Positives,5} {Found,6} {Rate(Found, Positives),6} {Negatives,5} {FalsePositives,4} {Rate(FalsePositives, Negatives),6}");

    private static string Rate(int part, int whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture);
}
