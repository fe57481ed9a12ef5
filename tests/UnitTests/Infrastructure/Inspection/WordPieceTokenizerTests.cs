using System.Buffers;
using System.Reflection;
using LlmGateway.Infrastructure.Inspection;

namespace LlmGateway.UnitTests.Infrastructure.Inspection;

public class WordPieceTokenizerTests
{
    private static readonly WordPieceTokenizer Tokenizer = Load();

    [Theory]
    // Hugging Face's BertWordPieceTokenizer (bert-base-uncased vocabulary, which all-MiniLM-L6-v2 uses) on the same texts.
    [InlineData("Hello, y'all! How are you 😁 ?", new long[] { 7592, 1010, 1061, 1005, 2035, 999, 2129, 2024, 2017, 100, 1029 })]
    [InlineData("hello to World", new long[] { 7592, 2000, 2088 })]
    public void Tokenize_Text_SameIdsAsBert(string text, long[] expected)
    {
        Assert.Equal(expected, Ids(text));
    }

    [Fact]
    public void Tokenize_CaseAccentsAndInvisibleCharacters_FoldedAway()
    {
        Assert.Equal(Ids("hello world"), Ids("HÉLLO\u200B wörld"));
    }

    [Fact]
    public void Tokenize_LongText_GrowsItsBufferAndKeepsEveryPiece()
    {
        var text = string.Concat(Enumerable.Repeat("hello world ", 1000));

        Assert.Equal(2000, Ids(text).Length);
    }

    private static long[] Ids(string text)
    {
        var buffer = ArrayPool<long>.Shared.Rent(8);
        var count = Tokenizer.Tokenize(text, ref buffer, 0);
        var ids = buffer.AsSpan(0, count).ToArray();
        ArrayPool<long>.Shared.Return(buffer);
        return ids;
    }

    private static WordPieceTokenizer Load()
    {
        using var vocabulary = Assembly.Load(new AssemblyName(OnnxInjectionScorer.ModelPackage)).GetManifestResourceStream(OnnxInjectionScorer.VocabularyResource)!;
        return WordPieceTokenizer.Load(vocabulary);
    }
}
