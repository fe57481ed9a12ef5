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
    [InlineData("api_key=abcdefgh12345678")]
    [InlineData("token=743b294a-cd03-11ec-9d64-0242ac120002")]
    [InlineData("access_token=ACCESS_TOKEN")]
    [InlineData("password: notapassword")]
    [InlineData("secret: ENC[AES256_GCM,data:O+5l4g==]")]
    [InlineData("token=ops_eyJzaWduSW5BZGRy...")]
    public void HasSecretValue_PlaceholderOrLowEntropy_False(string assignment) =>
        Assert.False(SecretValidators.HasSecretValue(assignment));

    [Theory]
    [InlineData("password=Xk9#mQ2v$Lp7wRz4")]
    [InlineData("api_key: \"Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB\"")]
    [InlineData("client_secret = 8f14e45fceea167a5a36dedd4bea2543")]
    [InlineData("Authorization: Bearer 2039bicBTW5ZE9LFaez7770H2DCpYgojjHRg80US")]
    [InlineData("Token: 3fea6af1349166ea")]
    [InlineData("token=dafa7817-e246-48f3-91a7-e87653d587b8")]
    [InlineData("apikey = \"m{{h}o)p${e]nob(ody[finds>-_$#thisone}}\"")]
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
    [InlineData("eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.sig", false)]
    public void IsJwt_HeaderMustBeJsonObject(string token, bool expected) => Assert.Equal(expected, SecretValidators.IsJwt(token));

    [Theory]
    [InlineData("AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe", true)]
    [InlineData("AIzaSyabcdefghijklmnopqrstuvwxyz1234567", false)]
    [InlineData("dapi123456789012345678a9bc01234defg5", false)]
    [InlineData("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false)]
    public void IsRandomToken_SequencesAndRunsAreFakes(string token, bool expected) =>
        Assert.Equal(expected, SecretValidators.IsRandomToken(token));

    [Theory]
    [InlineData("xoxa-2-511111111-31111111111-3111111111111-e039d02840a0b9379c", true)]
    [InlineData("xoxs-3206092076-3204538285-3743137121-836b042620", true)]
    [InlineData("xoxp-572370529330-573807301142-572331691188", false)]
    [InlineData("xoxb-263594206564-2343594206574-aaaaaaaaaaaaaaaaaaaa", false)]
    public void IsSlackToken_IdsMayRepeatTheSecretMayNot(string token, bool expected) =>
        Assert.Equal(expected, SecretValidators.IsSlackToken(token));
}
