namespace LlmGateway.UnitTests.Domain.Filtering;

/// <summary>Texts that stress where matches start: every detector's sample, near-misses, partial anchors and prose.</summary>
internal static class FilterSamples
{
    public const string PrivateKeyBlock = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
        VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
        LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo
        9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvre
        dZyuwSyp5V7QFWgGzZ8Q7EFwnjyQyrFYPDmNVAS6Cf6qnMk2ma4lXS4jFNmYeq4x
        -----END RSA PRIVATE KEY-----
        """;

    public static readonly string[] NearMisses =
    [
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UE\n-----END CERTIFICATE-----",
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQINBGAbC",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI\n-----END ENCRYPTED PRIVATE KEY-----",
        "-----BEGIN",
        "eyJhbGciOiJIUzI1NiJ9.",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0",
        "theyJust said so",
        "sk-ant-api03-short",
        "sk-1234 and task-based sk_live_short",
        "AKIA1234 ASIAXXXXXXXXXXXXXXXX A3TZZZZ",
        "ghp_short gho_ github_pat_ glpat-abc xoxb-12 xapp-1- SG.abc. AIza hf_x npm_x pypi-AgE",
        "jane.doe [at] example [dot] co [dot] uk, or farid at example dot com. Look at this and at that (at) noon [dot",
        "mail me at  home  dot  org at 10 dot 30 x(at)y.z a [AT] b {dot} c <at> d <dot> ee at",
        "- name: API_TOKEN\n  value: \"${TOKEN}\"\nvariable \"db_pass\" {\n  default = \"x\"\n}\nname: KEY",
        "ACbb43e451f9ab2845ad0f3d761f3d02:short dckr_pat_short HRKU-x .azurewebsites.net/api/f?code=short passgk_ mykeysk-",
        "https://hooks.slack.com/services/T0/B0",
        "https://discord.com/api/webhooks/123/abc",
        "DefaultEndpointsProtocol=https;AccountName=x;",
        "AccountKey = short",
        "sv=2022-11-02&sig=short",
        "user@",
        "@example.com",
        "a@b@c.org and x@@y.com and @@",
        "mailto:ops@example.com and http://bob:@host and ftp://u:p@",
        "https://example.com/path?q=1#frag and http://localhost:8080/x",
        "https://user@host.example and ssh://git@github.com:org/repo",
        "postgres://app:s3cr3t-Pa55@db.internal:5432/orders",
        "1234 5678 9012 3456 7890",
        "2024-11-27 12:30:45",
        "+1 (415) 555-0132 ext. 12",
        "call 0044 20 7946 0958 or 030-1234567",
        "10.0.0.1. and ::1 and fe80::1%eth0 and 1:2",
        "ABCD EFGH 1234 5678",
        "GB82 WEST 1234 5698 7654 32",
        "token: abc",
        "Token: Bearer abcdefghijklmnop",
        "password: \"x\"",
        "secret(\"Q8v#Lp2z!Xw7Rt4m\")",
        "api_key = \"Zx9#Lq2v$Mp7wRt4\"",
        "access_token_name=foo",
        "data:\n  token: c2VjcmV0LXRva2VuLXZhbHVl\n",
        "data: here is some prose",
        "kind: Secret",
        "kind: ConfigMap\ndata:\n  key: value",
        "<add key=\"ClearTextPassword\"",
        "aws_secret_access_key = short",
        "SUMO_ACCESS_KEY: short",
        "softlayer_api_key: 737443e2",
        "slightly slow sleek sl_key=",
        "cloud_key= ibm_key: iam_token =",
        "cos_secret_key=bd36cb9d",
        "SNYK_TOKEN=0aac3609",
        "sourcegraph_token: abc",
        "jira_token=abc Confluence is a wiki",
        "123456789:AAshort",
        "c6f5da2cec255404e4fb440034d66086-us",
        "De08Q~short",
        "A3-J8GXBE",
        "SK767c76fb008f86",
        "\u212Aey and \u017Fecret = \"Q8v#Lp2z!Xw7Rt4m\" and to\u212Aen: abcdefghijklmnop",
        "S\u0130ECRET=Xk9mQ2vLp7wRz4aa and pa\u017F\u017Fword=Xk9#mQ2v$Lp7wRz4",
        "The default Password is 'blooberry'. The password for user bob was \"centipede7\"; the password is set",
        "if creds.Secret != \"open-sesame\" { static_password01 = \"hardcoded0\"; this.addPassword = \"#add-password\"; }",
        "host ::2:3:4:5:6:7:8 and 1:2:3:4:5:6:7:: and a..bc@outlook.com",
        "GOCSPX-short and ya29.abc and GOCSPX-aaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ];

    public static readonly string Prose = """
        Streaming matters because people read while the model writes. When the first words appear within a fraction of
        a second, the answer feels fast even if the whole of it takes several seconds to arrive. A gateway that holds
        everything back until the end turns a conversation into a wait, and users notice.

        The filter therefore releases text as soon as no secret could still be in progress there. Most sentences contain
        nothing that looks like a key, an address or a number, so they pass almost at once; only a few characters at the
        very end are kept, in case the next piece of the answer turns them into something sensitive.

        Consider a short example. You ask how to rotate credentials safely, and the model explains that access should be
        granted for a limited time, that the private parts of a key pair never leave the machine, and that an auth flow
        with short-lived tokens is easier to audit than a shared password. None of that is a secret, and all of it should
        reach you while it is being written.

        Finally, a word on data: the filter keeps no copy of what it releases, and what it holds back is only ever a few
        dozen characters long unless something that really looks like a credential is on its way.
        """;

    public static IEnumerable<string> Positives()
    {
        foreach (var row in OutputFilterTests.Secrets)
        {
            yield return (string)row[1];
        }

        foreach (var row in OutputFilterTests.PersonalData)
        {
            yield return (string)row[1];
        }
    }
}
