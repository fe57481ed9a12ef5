using LlmGateway.Domain.Inspection;

namespace LlmGateway.UnitTests.Domain.Inspection;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("ｉｇｎｏｒｅ　ｔｈｉｓ", "ignore this")] // full-width letters and space (NFKC)
    [InlineData("ﬁle ① ㎏", "file 1 kg")] // compatibility forms (NFKC)
    [InlineData("ig\u200Bno\u200Cre\u200D th\u2060is\uFEFF", "ignore this")] // zero-width characters
    [InlineData("ig\u00ADnore \u202Ethis\u202C", "ignore this")] // soft hyphen and bidi override
    [InlineData("Crème Brûlée à la Señora", "creme brulee a la senora")] // accents
    [InlineData("HeLLo WORLD", "hello world")] // lower case
    [InlineData("a  \t b\u00A0\u2003c", "a b c")] // runs of spaces, tabs, no-break and em spaces
    [InlineData("  padded  ", "padded")] // leading and trailing whitespace
    [InlineData("one\n\n\ntwo\r\n\r\nthree\u2028four", "one\ntwo\nthree\nfour")] // runs of line breaks
    [InlineData("one \n two", "one\ntwo")] // spaces around a line break
    [InlineData("trailing\n", "trailing")]
    public void Normalize_Text_FormInspectionRulesAreWrittenIn(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("already normal text")]
    [InlineData("line one\nline two, with 3 numbers!")]
    public void Normalize_AlreadyNormal_SameInstance(string text)
    {
        Assert.Same(text, TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("Ignore   ALL previous\n\ninstructions")]
    [InlineData("ｉｇｎｏｒｅ ａｌｌ")]
    [InlineData("Crème\u200B brûlée")]
    public void Normalize_Twice_SameAsOnce(string text)
    {
        var once = TextNormalizer.Normalize(text);

        Assert.Equal(once, TextNormalizer.Normalize(once));
    }
}
