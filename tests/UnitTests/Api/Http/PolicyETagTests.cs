using LlmGateway.Api.Http;
using Microsoft.Extensions.Primitives;

namespace LlmGateway.UnitTests.Api.Http;

public class PolicyETagTests
{
    [Theory]
    [InlineData("*", null)]
    [InlineData(" * ", null)]
    [InlineData("\"7\"", "7")]
    [InlineData("\"3\", \"7\"", "3,7")]
    [InlineData("\"3\",,\"7\" ,", "3,7")]
    [InlineData("W/\"7\"", "")]
    [InlineData("W/\"7\", \"8\"", "8")]
    [InlineData("\"seven\"", "")]
    [InlineData("\"\"", "")]
    [InlineData("\"0\"", "0")]
    [InlineData("\"07\"", "")]
    [InlineData("\"-1\"", "")]
    [InlineData("\"x\u00e9\"", "")]
    public void TryParseIfMatch_ValidHeader_TheVersionsItsStrongTagsName(string header, string? versions)
    {
        Assert.True(PolicyETag.TryParseIfMatch(new StringValues(header), out var precondition));

        Assert.Equal(versions, precondition.Versions is null ? null : string.Join(",", precondition.Versions));
    }

    [Fact]
    public void TryParseIfMatch_SeveralHeaderLines_OneList()
    {
        Assert.True(PolicyETag.TryParseIfMatch(new StringValues(["\"1\"", "W/\"2\", \"3\""]), out var precondition));

        Assert.Equal([1L, 3L], precondition.Versions);
    }

    [Fact]
    public void TryParseIfMatch_Absent_NoCondition()
    {
        Assert.True(PolicyETag.TryParseIfMatch(StringValues.Empty, out var precondition));

        Assert.False(precondition.IsConditional);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("\"7")]
    [InlineData("\"7\" \"8\"")]
    [InlineData("\"7\", *")]
    [InlineData("w/\"7\"")]
    [InlineData("\"a b\"")]
    [InlineData("\"a\"b\"")]
    public void TryParseIfMatch_Malformed_False(string header)
    {
        Assert.False(PolicyETag.TryParseIfMatch(new StringValues(header), out _));
    }
}
