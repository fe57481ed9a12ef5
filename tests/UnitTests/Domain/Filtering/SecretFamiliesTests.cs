using LlmGateway.Domain.Filtering;

namespace LlmGateway.UnitTests.Domain.Filtering;

/// <summary>
/// Families the red-team set A showed missing (bench/GuardrailEval/redteam): every value here was generated for these
/// tests in its vendor's format, and each look-alike next to it must stay as it is.
/// </summary>
public class SecretFamiliesTests
{
    private static readonly OutputFilter All = new([], [SecretDetectorCatalog.All]);

    [Theory]
    [InlineData("```yaml\nenv:\n  - name: DD_API_KEY\n    value: \"9c1f0e7d2b4a6c8e1f3a5b7d9e0c2a4f\"\n```", "9c1f0e7d2b4a6c8e1f3a5b7d9e0c2a4f")]
    [InlineData("```yaml\nenv:\n  - name: SMTP_PASSWORD\n    value: \"Winter4821#\"\n```", "Winter4821#")]
    [InlineData("```hcl\nvariable \"heroku_auth_token\" {\n  default = \"3b9e2a61-7c4d-4f0a-9d18-6e2c5b7a8f31\"\n}\n```", "3b9e2a61-7c4d-4f0a-9d18-6e2c5b7a8f31")]
    [InlineData("```hcl\nvariable \"db_password\" {\n  description = \"primary\"\n  sensitive   = true\n  default     = \"q8Vt#pL2zR6m\"\n}\n```", "q8Vt#pL2zR6m")]
    [InlineData("var client = new CosmosClient(\"https://shop.documents.azure.com:443/\", \"n0G9W8uw8de9puyHB9d3xvE/pg3mKBxfeN4/YYsakj8DuzdoRy7q3sRjKMPMEiOennEgIQD43wE1xjf1+yrfKg==\");", "n0G9W8uw8de9")]
    [InlineData("var cred = new StorageSharedKeyCredential(\"acct01\", \"n0G9W8uw8de9puyHB9d3xvE/pg3mKBxfeN4/YYsakj8DuzdoRy7q3sRjKMPMEiOennEgIQD43wE1xjf1+yrfKg==\");", "n0G9W8uw8de9")]
    [InlineData("Use subscription key 4f9a2c7e1b3d5f8a0c2e4b6d8f1a3c5e in the Ocp-Apim-Subscription-Key header.", "4f9a2c7e1b3d5f8a0c2e4b6d8f1a3c5e")]
    [InlineData("GET https://billing7.azurewebsites.net/api/Invoice?code=eX3qYeQrYmPejW2cwEIG95hO8khwgt5xrpEFkxNjVOj4X6hEmf_cHA== returned 200", "eX3qYeQr")]
    [InlineData("search key 8kwQj1qH9CstFpS8gELRersl9a6sLABHHNBSz40ZgRAzSeBCZ3Iw", "8kwQj1qH9")]
    [InlineData("curl -u ACbb43e451f9ab2845ad0f3d761f3d0201:UwFDrzIe3mGxHoL43ScQQYK8TUkl1JYn https://api.twilio.com/2010-04-01/Accounts.json", "UwFDrzIe")]
    [InlineData("echo dckr_oat_Zq4vN8xLm2Pc6Rt0Yw3Ks7Hd1Fg5Jb9 | docker login -u acme --password-stdin", "dckr_oat_")]
    [InlineData("ATBB: ATBBq7Rz2Wm9Kx4Lp1Tn8Vc3Hs6Jd0Fg5Yb2", "ATBBq7Rz")]
    [InlineData("see passgk_136cb94838da83a9_bKNm4e6mhIDy3UeZgAbgLUBW2zCQtK6G1kYO9AoXIKU in the dump", "gk_136cb")]
    [InlineData("mykeysk-ant-api03-FX86096irM_VDw99MtlSfBmZNqkFXHjw9TkBtoEoWog7LL24FT6IvVJ2C8ueXf5nTPZTlDkFwO0zJxSrpw34bXz8pjlC6AA", "FX86096i")]
    public void Filter_FamilyInItsUsualContext_SecretRemoved(string text, string secretPart)
    {
        var result = All.Filter(text);

        Assert.NotEmpty(result.Redactions);
        Assert.DoesNotContain(secretPart, result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("```yaml\nenv:\n  - name: SIGNING_PUBLIC_KEY\n    value: \"MCowBQYDK2VwAyEAq8Vt3pL2zR6mXc9Yw4Nb7\"\n```")]
    [InlineData("```yaml\nenv:\n  - name: API_KEY\n    value: \"${API_KEY}\"\n```")]
    [InlineData("```hcl\nvariable \"db_password\" {\n  default = \"changeme\"\n}\n```")]
    [InlineData("\"integrity\": \"sha512-n0G9W8uw8de9puyHB9d3xvE/pg3mKBxfeN4/YYsakj8DuzdoRy7q3sRjKMPMEiOennEgIQD43wE1xjf1+yrfKg==\"")]
    [InlineData("The account was created across three regions; access is granted per subscription key holder on request.")]
    [InlineData("git remote add origin git@github.com:acme/repo.git")]
    [InlineData("epoch ms 1565204653043")]
    [InlineData("The risk-assessment-sk-report-2024 was filed.")]
    [InlineData("Look at example.com for the details, and at the docs at docs.example.org.")]
    [InlineData("The meeting is at 10 dot 30, data at rest is encrypted, and that is what we do.")]
    [InlineData("The SDK docs are at\tdotnet.microsoft.com, the samples at\tdotnetfoundation.org.")]
    public void Filter_LookAlikeOfTheseFamilies_Unchanged(string text)
    {
        Assert.Equal(text, All.Filter(text).Text);
    }

    [Theory]
    [InlineData("Write to nadia.kowalczyk [at] uni-wroc [dot] pl for the slides.", "nadia.kowalczyk")]
    [InlineData("reply to tomas_ek77(at)post.example.se today", "tomas_ek77")]
    [InlineData("mail me: farid.haddad at example dot co dot uk", "farid.haddad")]
    [InlineData("Kontakt: LENA.VOGT {AT} firma {DOT} de", "LENA.VOGT")]
    public void Filter_AddressWrittenOutAgainstHarvesters_Redacted(string text, string localPart)
    {
        var result = All.Filter(text);

        Assert.Contains(result.Redactions, r => r.Type == "email");
        Assert.DoesNotContain(localPart, result.Text, StringComparison.Ordinal);
    }
}
