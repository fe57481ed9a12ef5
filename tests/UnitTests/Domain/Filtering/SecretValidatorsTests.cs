using LlmGateway.Domain.Filtering;

namespace LlmGateway.UnitTests.Domain.Filtering;

public class SecretValidatorsTests
{
    [Theory]
    [InlineData("", 0.0)]
    [InlineData("aaaa", 0.0)]
    [InlineData("abab", 1.0)]
    [InlineData("abcd", 2.0)]
    [InlineData("0123456789abcdef", 4.0)]
    public void ShannonEntropy_BitsPerCharacter(string value, double expected) =>
        Assert.Equal(expected, SecretValidators.ShannonEntropy(value), precision: 6);

    [Theory]
    [InlineData("password=changeme")]
    [InlineData("password=password")]
    [InlineData("api_key: xxxxxxxxxxxxxxxx")]
    [InlineData("secret = ${SECRET_FROM_ENV}")]
    [InlineData("token = {{ vault_token }}")]
    [InlineData("password=<your-password>")]
    [InlineData("api_key=short")]
    [InlineData("secret: aaaaaaaabbbbbbbb")]
    public void HasSecretValue_PlaceholderOrLowEntropy_False(string assignment) =>
        Assert.False(SecretValidators.HasSecretValue(assignment));

    [Theory]
    [InlineData("password=Xk9#mQ2v$Lp7wRz4")]
    [InlineData("api_key: \"Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB\"")]
    [InlineData("client_secret = 8f14e45fceea167a5a36dedd4bea2543")]
    [InlineData("Authorization: Bearer 2039bicBTW5ZE9LFaez7770H2DCpYgojjHRg80US")]
    public void HasSecretValue_RandomLookingValue_True(string assignment) =>
        Assert.True(SecretValidators.HasSecretValue(assignment));

    [Fact]
    public void Filter_SecretAssignment_EntropyGateDecides()
    {
        var filter = new OutputFilter([], ["secret_assignment"]);

        Assert.Equal("password=changeme", filter.Filter("password=changeme").Text);
        Assert.Equal("password=xxxxxxxxxxxx", filter.Filter("password=xxxxxxxxxxxx").Text);
        Assert.Equal("[REDACTED:secret_assignment]", filter.Filter("password=Xk9#mQ2v$Lp7wRz4").Text);
    }

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.sig", true)]
    [InlineData("eyJhbasdGciOiJIUzI1NiIa.eyJzdWIiOiIxIn0.sig", false)]
    public void IsJwt_HeaderMustBeJsonObject(string token, bool expected) => Assert.Equal(expected, SecretValidators.IsJwt(token));
}
