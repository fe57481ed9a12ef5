using System.Security.Cryptography;
using System.Text;
using LlmGateway.Application.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmGateway.UnitTests.Application.Common;

public sealed class TextFingerprintTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("unit-test-fingerprint-key-0123456789abcdef");

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(5000)]
    public void Of_AnyLength_IsTheLengthAndTheFirstSixBytesOfTheHmacSha256OfTheUtf8(int length)
    {
        // Emoji (surrogate pairs) at odd positions put pairs across the 256-character steps.
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            builder.Append(builder.Length % 255 == 254 ? "\U0001F600" : "é");
        }

        var text = builder.ToString(0, length);
        if (text.Length > 0 && char.IsHighSurrogate(text[^1]))
        {
            text = text[..^1] + "x";
        }

        var fingerprint = new TextFingerprinter(Key).Of(text);

        Assert.Equal(text.Length, fingerprint.Length);
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(text))[..6]), fingerprint.Hash);
    }

    [Fact]
    public void Of_ShortPrompt_IsNotTheUnkeyedSha256ThatAnyoneCouldRecompute()
    {
        var fingerprint = new TextFingerprinter(Key).Of("yes");

        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData("yes"u8)[..6]), fingerprint.Hash);
    }

    [Fact]
    public void Create_WithoutAConfiguredKey_DrawsADifferentKeyPerProcess()
    {
        var first = TextFingerprinter.Create(null, NullLogger.Instance).Of("same prompt");
        var second = TextFingerprinter.Create(null, NullLogger.Instance).Of("same prompt");
        var configured = TextFingerprinter.Create("configured-key-of-at-least-32-characters!", NullLogger.Instance);

        Assert.NotEqual(first.Hash, second.Hash);
        Assert.Equal(configured.Of("same prompt"), TextFingerprinter.Create("configured-key-of-at-least-32-characters!", NullLogger.Instance).Of("same prompt"));
    }
}
