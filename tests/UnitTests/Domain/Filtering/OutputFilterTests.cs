using LlmGateway.Domain.Filtering;

namespace LlmGateway.UnitTests.Domain.Filtering;

public class OutputFilterTests
{
    private const string PrivateKeyBlock = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
        VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
        -----END RSA PRIVATE KEY-----
        """;

    private static readonly OutputFilter AllDetectors = new([], [SecretDetectorCatalog.All]);

    public static TheoryData<string, string> Secrets => new()
    {
        { "private_key", PrivateKeyBlock },
        { "jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c" },
        { "anthropic_api_key", "sk-ant-api03-NhFdnXsiVpzz63FfkCzJr4i0B3JrTAwR4y9ojfljoQoaF1LlqsajAIxNKu8iS2G8NPRVdD53X83RZJzzzzgEOzdmenCkhAA" },
        { "openai_api_key", "sk-proj-vMdgaKjIg8xNbe3nNyjOq9wMxEhh2FDEEtfjgVvVqE1SkHbn" },
        { "aws_access_key_id", "AKIAIOSFODNN7EXAMPLE" },
        { "github_token", "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" },
        { "github_fine_grained_token", "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" },
        { "gitlab_token", "glpat-88HxjSI6bWHtP3fS2qHx" },
        { "slack_token", "xoxb-2178946351-6214371860417-6kwXoIIXGvOoNZYW2mZp0zVZ" },
        { "slack_webhook", "https://hooks.slack.com/services/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" },
        { "stripe_key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc" },
        { "google_api_key", "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe" },
        { "url_credentials", "postgres://user:pass@" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Filter_SecretInText_ReplacedByMarkerOfItsType(string type, string secret)
    {
        var result = AllDetectors.Filter($"Here it is: {secret} (keep it safe).");

        Assert.Equal($"Here it is: [REDACTED:{type}] (keep it safe).", result.Text);
        Assert.Equal([new Redaction(type, 1)], result.Redactions);
    }

    [Fact]
    public void Secrets_EveryDetectorInTheCatalog_HasASampleHere()
    {
        var sampled = Secrets.Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        Assert.Equal(SecretDetectorCatalog.Detectors.Select(d => d.Type).Order(StringComparer.Ordinal), sampled);
    }

    [Fact]
    public void Filter_ConnectionStringWithPassword_CredentialsGoneHostKept()
    {
        var result = AllDetectors.Filter("DATABASE_URL=postgres://app:s3cr3t-Pa55@db.internal:5432/orders");

        Assert.Equal("DATABASE_URL=[REDACTED:url_credentials]db.internal:5432/orders", result.Text);
        Assert.DoesNotContain("s3cr3t", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The example id AKIAIOSFODNN7EXAMPL is one character short.")]
    [InlineData("AKIAIOSFODNN7EXAMPLEX runs into the next character.")]
    [InlineData("Our risk-assessment-framework-document-v2 is ready.")]
    [InlineData("Set the prefix to sk-proj- and paste the rest later.")]
    [InlineData("Tokens start with ghp_ followed by 36 characters.")]
    [InlineData("sk_live_ keys are secret, sk_test_abc is not a key.")]
    [InlineData("The header eyJhbGciOiJIUzI1NiJ9 alone is no token.")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----")]
    [InlineData("Browse https://user@example.com:8080/docs or git@github.com:org/repo.git")]
    [InlineData("Slack bot tokens look like xoxb-123.")]
    [InlineData("Call AIzaTooShort from the console.")]
    [InlineData("Write a haiku about autumn: leaves fall, the wind sighs.")]
    public void Filter_LookAlikeText_Unchanged(string text)
    {
        var result = AllDetectors.Filter(text);

        Assert.Equal(text, result.Text);
        Assert.Empty(result.Redactions);
    }

    [Fact]
    public void Filter_Keywords_WholeWordAndCaseInsensitive()
    {
        var filter = new OutputFilter(["Falcon", "c++"], []);

        var result = filter.Filter("FALCON, falcon and c++ stay secret; falconry, Falcons and abc++ do not.");

        Assert.Equal("[REDACTED:keyword], [REDACTED:keyword] and [REDACTED:keyword] stay secret; falconry, Falcons and abc++ do not.", result.Text);
        Assert.Equal([new Redaction(OutputFilter.KeywordType, 3)], result.Redactions);
    }

    [Fact]
    public void Filter_KeywordInsideASecret_OneMarkerForTheWholeSecret()
    {
        var filter = new OutputFilter(["password"], [SecretDetectorCatalog.All]);

        var result = filter.Filter("Connect to postgres://admin:password@db/main now.");

        Assert.Equal("Connect to [REDACTED:url_credentials]db/main now.", result.Text);
        Assert.Equal([new Redaction("url_credentials", 1)], result.Redactions);
    }

    [Fact]
    public void Filter_KeywordAndSecretOnTheSameSpan_OneMarkerNamedByTheKeyword()
    {
        var filter = new OutputFilter(["AKIAIOSFODNN7EXAMPLE"], [SecretDetectorCatalog.All]);

        var result = filter.Filter("key AKIAIOSFODNN7EXAMPLE");

        Assert.Equal("key [REDACTED:keyword]", result.Text);
        Assert.Equal([new Redaction(OutputFilter.KeywordType, 1)], result.Redactions);
    }

    [Fact]
    public void Filter_KeywordStartingInsideASecretAndReachingBeyond_OneMarkerCoveringBoth()
    {
        // url_credentials ends at '@'; the keyword starts inside it and ends after it.
        var filter = new OutputFilter(["pass@db"], [SecretDetectorCatalog.All]);

        var result = filter.Filter("Use postgres://user:pass@db/main today.");

        Assert.Equal("Use [REDACTED:url_credentials]/main today.", result.Text);
        Assert.Equal([new Redaction("url_credentials", 1)], result.Redactions);
    }

    [Fact]
    public void Filter_OnlySelectedDetectors_OthersNotApplied()
    {
        var filter = new OutputFilter([], ["jwt"]);
        const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

        var result = filter.Filter($"{Jwt} and AKIAIOSFODNN7EXAMPLE");

        Assert.Equal("[REDACTED:jwt] and AKIAIOSFODNN7EXAMPLE", result.Text);
    }

    [Fact]
    public void Filter_CleanText_SameInstance()
    {
        const string Text = "Nothing to hide here.";

        Assert.Same(Text, AllDetectors.Filter(Text).Text);
    }
}
