using System.Security.Cryptography;
using System.Text;
using LlmGateway.Application.Common;

namespace LlmGateway.UnitTests.Application.Common;

public sealed class TextFingerprintTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(5000)]
    public void Of_AnyLength_IsTheLengthAndTheFirstSixBytesOfTheSha256OfTheUtf8(int length)
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

        var fingerprint = TextFingerprint.Of(text);

        Assert.Equal(text.Length, fingerprint.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))[..6]), fingerprint.Hash);
    }
}
