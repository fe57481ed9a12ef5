using System.Text;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.UnitTests.Domain.Filtering;

public class StreamingOutputFilterTests
{
    private static readonly string[] Fragments =
    [
        "AKIAIOSFODNN7EXAMPLE",
        "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",
        "sk-proj-vMdgaKjIg8xNbe3nNyjOq9wMxEhh2FDEEtfjgVvVqE1SkHbn",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "xoxb-2178946351-6214371860417-6kwXoIIXGvOoNZYW2mZp0zVZ",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSj",
        "postgres://app:s3cr3t-Pa55@db.internal:5432/orders",
        "password=Xk9#mQ2v$Lp7wRz4",
        "password=changeme",
        "Authorization: Bearer 2039bicBTW5ZE9LFaez7770H2DCpYgojjHRg80US",
        "jane.doe@example.co.uk",
        "mailto:ops@example.com",
        "+1 415 555 0132",
        "(415) 555-0132",
        "4111 1111 1111 1111",
        "4111 1111 1111 1112",
        "DE89 3704 0044 0532 0130 00",
        "219-09-9999",
        "666-12-3456",
        "192.168.10.42",
        "2001:db8:85a3::8a2e:370:7334",
        "256.1.1.1",
        "Project Falcon",
        "falcon",
        "The weather is fine today. ",
        "Nothing to see here, ",
        "\n",
        " ",
        ":",
        "@",
        "-",
        "12",
        "AKIA",
        "eyJ",
        "sk-",
        "-----BEGIN",
        "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",
        "sgp_bebb2737f6a6f0fb_23c6f5da2cec255404e4fb440034d6608697a8d4",
        "De08Q~.5IXAAjlsHUq-JoUD~_Ydua_5ZMs1SWOpQ",
        "SNYK_TOKEN=0aac3609-8b2c-42bd-8183-19478da6bd0c",
        "SUMO_ACCESS_KEY: 3AyAVHnyrvWdFrK9xiRGHOY32nfr5pyzPCB9t2039bicBTW5ZE9LFaez7770H2DC",
        "<add key=\"ClearTextPassword\" value=\"Yq6B0Fi7FlaZ7Vt0\" />",
        "kind: Secret\ndata:\n  password: U1hqTXB1M3VEeFlZTWZHbXpX\n",
        "data:\n  token: c2VjcmV0LXRva2VuLXZhbHVl\nkind: Secret\n",
        "---\n",
        "if (secret == \"Q8v#Lp2z!Xw7Rt4m\")",
        "A3-J8GXBE-NYJQWX4HH53-44TFJ-GVQ4K-7BN7X",
        "kind: Secret",
    ];

    private static readonly OutputFilter Filter = new(["Project Falcon", "p@ss"], [SecretDetectorCatalog.All]);

    private static readonly string[] AllFragments = [.. Fragments, .. FilterSamples.Positives(), .. FilterSamples.NearMisses];

    private const string JwtToken =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    [Fact]
    public void Push_AnyChunking_SameAsWholeTextFilter()
    {
        var random = new Random(20261127);
        for (var round = 0; round < 1500; round++)
        {
            var text = RandomText(random);
            var expected = Filter.Filter(text);

            var stream = Filter.CreateStream();
            var output = new StringBuilder();
            var position = 0;
            while (position < text.Length)
            {
                var size = random.Next(4) == 0 ? random.Next(1, 200) : random.Next(1, 8);
                size = Math.Min(size, text.Length - position);
                output.Append(stream.Push(text.Substring(position, size)));
                position += size;
            }

            output.Append(stream.Flush());

            Assert.True(expected.Text == output.ToString(), $"round {round}: chunked output differs for text:\n{text}\n--- whole:\n{expected.Text}\n--- chunked:\n{output}");
            Assert.Equal(expected.Redactions, stream.Redactions);
        }
    }

    [Fact]
    public void Push_SecretSplitAcrossChunks_NeverReleasedUnredacted()
    {
        var stream = Filter.CreateStream();
        var released = new StringBuilder();
        foreach (var chunk in (string[])["Key: AKIAIOSF", "ODNN7EXA", "MPLE, done. "])
        {
            released.Append(stream.Push(chunk));
            Assert.DoesNotContain("AKIAIOSF", released.ToString(), StringComparison.Ordinal);
        }

        released.Append(stream.Flush());

        Assert.Equal("Key: [REDACTED:aws_access_key_id], done. ", released.ToString());
        Assert.Equal([new Redaction("aws_access_key_id", 1)], stream.Redactions);
    }

    [Fact]
    public void Push_LongCleanText_HoldsBackAtMostTheBound()
    {
        var filter = new OutputFilter([], ["aws_access_key_id", "email"]);
        var stream = filter.CreateStream();
        var released = 0;
        for (var i = 0; i < 200; i++)
        {
            released += stream.Push("plain words and more plain words. ").Length;
            Assert.True(stream.Pending <= filter.HoldBack, $"pending {stream.Pending} > hold-back {filter.HoldBack}");
        }

        Assert.True(released > 0);
        Assert.Equal(200 * 34, released + stream.Flush().Length);
    }

    [Fact]
    public void Push_EmojiAndAccentsInAnyChunking_NoReleasedPieceSplitsASurrogatePairAndSameAsWholeText()
    {
        var filter = new OutputFilter(["Project Falcon"], ["aws_access_key_id", "email"]);
        var random = new Random(7);
        var text = string.Concat(Enumerable.Range(0, 400).Select(i => (i % 7) switch
        {
            0 => "😀",
            1 => "naïve ",
            2 => "AKIAIOSFODNN7EXAMPLE 🔑 ",
            3 => "jane@example.com👍",
            4 => "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            _ => "plain words ",
        }));
        for (var round = 0; round < 50; round++)
        {
            var stream = filter.CreateStream();
            var pieces = new List<string>();
            for (var position = 0; position < text.Length;)
            {
                var size = Math.Min(random.Next(1, 40), text.Length - position);
                pieces.Add(stream.Push(text.Substring(position, size)));
                position += size;
            }

            pieces.Add(stream.Flush());

            Assert.All(pieces, piece => Assert.False(piece.Length > 0 && char.IsHighSurrogate(piece[^1]), $"round {round}: a piece ends with half a character"));
            Assert.All(pieces, piece => Assert.False(piece.Length > 0 && char.IsLowSurrogate(piece[0]), $"round {round}: a piece starts with half a character"));
            Assert.Equal(filter.Filter(text).Text, string.Concat(pieces));
        }
    }

    [Fact]
    public void Push_EverySampleSplitAtEveryPoint_SameAsWholeTextFilter()
    {
        foreach (var sample in FilterSamples.Positives().Concat(FilterSamples.NearMisses))
        {
            var text = $"See: {sample} then {sample}.";
            var expected = Filter.Filter(text);
            for (var split = 0; split <= text.Length; split++)
            {
                var stream = Filter.CreateStream();
                var output = stream.Push(text[..split]) + stream.Push(text[split..]) + stream.Flush();

                Assert.True(expected.Text == output, $"split at {split} differs for text:\n{text}");
                Assert.Equal(expected.Redactions, stream.Redactions);
            }

            var byChar = Filter.CreateStream();
            var characters = new StringBuilder();
            foreach (var c in text)
            {
                characters.Append(byChar.Push(c.ToString()));
            }

            Assert.Equal(expected.Text, characters.Append(byChar.Flush()).ToString());
            Assert.Equal(expected.Redactions, byChar.Redactions);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(5)]
    [InlineData(1)]
    public void Push_Prose_ReleasedWithinAFewCharactersOfArrival(int chunkSize)
    {
        var stream = new OutputFilter([], [SecretDetectorCatalog.All]).CreateStream();
        var released = new StringBuilder();
        var worst = 0;
        for (var i = 0; i < FilterSamples.Prose.Length; i += chunkSize)
        {
            released.Append(stream.Push(FilterSamples.Prose.Substring(i, Math.Min(chunkSize, FilterSamples.Prose.Length - i))));
            worst = Math.Max(worst, stream.Pending);
        }

        Assert.True(worst <= 64, $"held back up to {worst} characters of prose");
        Assert.Equal(FilterSamples.Prose, released.Append(stream.Flush()).ToString());
    }

    [Theory]
    [InlineData(16)]
    [InlineData(1)]
    public void Push_PlainSentences_HeldBackLessThanTheLongestAnchor(int chunkSize)
    {
        // A streamed answer's first token waits for what is held back. Only text that may begin an anchor is: a long
        // anchor (Discord's webhook URLs, 42 characters) once held back 41 characters of every answer, three chunks of
        // a typical stream.
        const string Text = "The gateway forwarded this request to the upstream, which answers with a deterministic completion "
            + "so that runs are comparable across targets and repeats while keeping the payload realistic.";
        var stream = new OutputFilter([], [SecretDetectorCatalog.All]).CreateStream();
        var worst = 0;
        for (var i = 0; i < Text.Length; i += chunkSize)
        {
            stream.Push(Text.Substring(i, Math.Min(chunkSize, Text.Length - i)));
            worst = Math.Max(worst, stream.Pending);
        }

        Assert.True(worst <= 30, $"held back up to {worst} characters of plain sentences");
    }

    [Theory]
    [InlineData("private_key", FilterSamples.PrivateKeyBlock)]
    [InlineData("jwt", JwtToken)]
    public void Push_SecretAcrossManyChunks_NothingOfItReleasedAndAllRedacted(string type, string secret)
    {
        const string Before = "Here is the value you asked for:\n";
        const string After = "\nKeep it out of the repository. That is all there is to it, nothing more to add here.\n";
        var text = Before + secret + After;
        var stream = new OutputFilter([], [SecretDetectorCatalog.All]).CreateStream();
        var released = new StringBuilder();
        for (var i = 0; i < text.Length; i += 7)
        {
            released.Append(stream.Push(text.Substring(i, Math.Min(7, text.Length - i))));
            var soFar = released.ToString();
            Assert.True(soFar.Length <= Before.Length || soFar.StartsWith(Before + $"[REDACTED:{type}]", StringComparison.Ordinal), $"released early: {soFar}");
            Assert.DoesNotContain(secret[..3], soFar, StringComparison.Ordinal);
        }

        Assert.Equal(Before + $"[REDACTED:{type}]" + After, released.Append(stream.Flush()).ToString());
        Assert.Equal([new Redaction(type, 1)], stream.Redactions);
    }

    [Fact]
    public void Push_NoDetectors_ReleasesAtOnce()
    {
        var stream = new OutputFilter([], []).CreateStream();

        Assert.Equal("abc", stream.Push("abc"));
        Assert.Equal(string.Empty, stream.Flush());
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var pieces = random.Next(1, 14);
        for (var i = 0; i < pieces; i++)
        {
            var fragment = AllFragments[random.Next(AllFragments.Length)];
            if (random.Next(5) == 0)
            {
                // A cut fragment: partial secrets must behave the same too.
                fragment = fragment[..random.Next(1, fragment.Length + 1)];
            }

            builder.Append(fragment);
            if (random.Next(3) != 0)
            {
                builder.Append(random.Next(4) switch { 0 => " ", 1 => ", ", 2 => "\n", _ => " and " });
            }
        }

        return builder.ToString();
    }
}
