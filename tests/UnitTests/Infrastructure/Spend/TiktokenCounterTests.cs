using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.Spend;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Infrastructure.Spend;

public class TiktokenCounterTests
{
    private const string Sentence = "Text tokenization is the process of splitting a string into a list of tokens.";

    // Hindi: o200k_base has many more Devanagari tokens than cl100k_base, so the counts differ by a wide margin.
    private const string Hindi = "नमस्ते दुनिया, आज मौसम बहुत अच्छा है और हम बाहर घूमने जा रहे हैं।";

    private readonly TiktokenCounter _counter = TestSpend.Tokens;

    [Fact]
    public void CountText_Gpt4o_CountsWithO200k()
    {
        // The tokenizer library's own documented example for gpt-4o.
        Assert.Equal(16, _counter.CountText("gpt-4o", Sentence));
    }

    [Fact]
    public void CountText_Gpt4AndGpt4o_UseTheirOwnEncodings()
    {
        var cl100k = _counter.CountText("gpt-4", Hindi);
        var o200k = _counter.CountText("gpt-4o", Hindi);

        Assert.True(o200k < cl100k, $"o200k {o200k} tokens, cl100k {cl100k}");
    }

    [Theory]
    [InlineData("llama-3.1-8b")]
    [InlineData("claude-sonnet-4")]
    [InlineData("")]
    public void CountText_UnknownModel_FallsBackToO200k(string model)
    {
        Assert.Equal(_counter.CountText("gpt-4o", Hindi), _counter.CountText(model, Hindi));
    }

    [Fact]
    public void CountText_Empty_IsZero()
    {
        Assert.Equal(0, _counter.CountText("gpt-4o", string.Empty));
    }

    [Fact]
    public void CountPrompt_Messages_AddTheChatFormatsOverheadPerMessageAndForTheReply()
    {
        var request = new ChatRequest([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, Sentence)], "gpt-4o", null);

        var expected = TiktokenCounter.TokensPerReply
            + (2 * TiktokenCounter.TokensPerMessage)
            + _counter.CountText("gpt-4o", "Be brief.")
            + 16;
        Assert.Equal(expected, _counter.CountPrompt(request));
    }
}
