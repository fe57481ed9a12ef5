using System.Text;
using LlmGateway.Api.Http;
using LlmGateway.Domain.Chat;

namespace LlmGateway.UnitTests.Api.Endpoints;

public class EmbeddingsRequestMapperTests
{
    [Fact]
    public void ToEmbeddingsRequest_Strings_OneUserMessageEachAndTheRestForwarded()
    {
        var body = Encoding.UTF8.GetBytes("""{"model":"m","input":["a b","c"],"encoding_format":"base64","dimensions":8,"user":"u","x":1}""");

        var mapped = OpenAiRequestMapper.ToEmbeddingsRequest(body, "default", refuseTokens: true);

        Assert.Equal([new ChatMessage(ChatRole.User, "a b"), new ChatMessage(ChatRole.User, "c")], mapped.Chat!.Messages);
        Assert.Equal(("m", "u"), (mapped.Chat.Model, mapped.Chat.EndUser));
        Assert.Equal((true, 8), (mapped.Format.Base64, mapped.Format.Dimensions));
        var forwarded = mapped.Chat.Forwarded!;
        var names = Enumerable.Range(0, forwarded.Fields.Count).Select(i => Encoding.UTF8.GetString(forwarded.Bytes(i)).Split(':')[0]).ToArray();
        // model and user are the gateway's to write (the model routed, the user pseudonymised).
        Assert.Equal(["\"input\"", "\"encoding_format\"", "\"dimensions\"", "\"x\""], names);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void ToEmbeddingsRequest_TokenArrays_RefusedOnlyWhenThePolicyChecksText(bool refuseTokens, bool refused)
    {
        var body = Encoding.UTF8.GetBytes("""{"input":[[1,2,3],[4,5]]}""");

        var mapped = OpenAiRequestMapper.ToEmbeddingsRequest(body, "default", refuseTokens);

        Assert.Equal(refused, mapped.Failure is { Errors: { } errors } && errors.ContainsKey("input"));
        Assert.Equal(refused ? 0 : 2, mapped.Chat?.Messages.Count ?? 0);
    }

    [Theory]
    [InlineData("""{"input":42}""", "input")]
    [InlineData("""{"model":"m"}""", "input")]
    [InlineData("""{"input":"a","encoding_format":"int8"}""", "encoding_format")]
    public void ToEmbeddingsRequest_BadShape_RefusedNamingTheParam(string json, string param)
    {
        var mapped = OpenAiRequestMapper.ToEmbeddingsRequest(Encoding.UTF8.GetBytes(json), "default", refuseTokens: true);

        Assert.Equal([param], mapped.Failure!.Errors!.Keys);
    }
}
