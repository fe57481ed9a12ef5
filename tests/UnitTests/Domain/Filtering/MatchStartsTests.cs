using System.Text;
using System.Text.RegularExpressions;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.UnitTests.Domain.Filtering;

public class MatchStartsTests
{
    public static TheoryData<string> DetectorTypes()
    {
        var data = new TheoryData<string>();
        foreach (var detector in SecretDetectorCatalog.Detectors)
        {
            data.Add(detector.Type);
        }

        return data;
    }

    [Fact]
    public void Catalog_EveryDetector_DeclaresWhereItsMatchesStart()
    {
        foreach (var detector in SecretDetectorCatalog.Detectors)
        {
            Assert.True(detector.Starts is not null, $"{detector.Type} has no MatchStartFinder");
        }
    }

    /// <summary>
    /// The finder's contract, at every cut of every text and from a few scan positions: a match of the whole text that
    /// starts before <see cref="MatchStartBound.Undecided"/> starts at or after <see cref="MatchStartBound.Candidate"/>,
    /// and the regex finds exactly the same matches there in the text cut short.
    /// </summary>
    [Theory]
    [MemberData(nameof(DetectorTypes))]
    public void Finder_EveryCutOfEveryText_NeverSkipsAMatchNorCallsAnOpenOneDecided(string type)
    {
        var detector = SecretDetectorCatalog.Detectors.Single(d => d.Type == type);
        var finder = detector.Starts!;
        foreach (var text in Texts())
        {
            foreach (var from in (int[])[0, 3, 11])
            {
                var whole = Matches(detector.Pattern, text, from, text.Length);
                for (var cut = from; cut <= text.Length; cut++)
                {
                    var bound = finder(text.AsSpan(0, cut), from);
                    Assert.True(
                        from <= bound.Candidate && bound.Candidate <= bound.Undecided && bound.Undecided <= cut,
                        $"{type}: bound {bound} out of range [{from}, {cut}] for text:\n{text}");
                    var known = Matches(detector.Pattern, text[..cut], from, bound.Undecided);
                    var expected = whole.Where(m => m.Start < bound.Undecided).ToList();
                    Assert.True(
                        expected.SequenceEqual(known) && expected.All(m => m.Start >= bound.Candidate),
                        $"{type}: cut {cut}, from {from}, bound {bound}: whole-text matches {string.Join(",", expected)} but {string.Join(",", known)} in:\n{text}");
                }
            }
        }
    }

    [Fact]
    public void CaseInsensitiveRegex_NonAsciiLettersThatMatchAsciiOnes_AreOnlyTheKnownFour()
    {
        // The case-insensitive finders compare ordinally and give up where one of these appears; a new one would slip by.
        var found = new StringBuilder();
        var letters = new Regex("^[a-z]$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        for (var c = 128; c <= char.MaxValue; c++)
        {
            if (letters.IsMatch(((char)c).ToString()))
            {
                found.Append((char)c);
            }
        }

        Assert.All(found.ToString(), c => Assert.Contains(c, "\u0130\u0131\u017F\u212A"));
    }

    [Fact]
    public void Email_ProseWithoutAt_OnlyTheLastWordUndecided()
    {
        var text = "write to the team and wait for";

        var bound = MatchStarts.Email(text, 0);

        Assert.Equal(new MatchStartBound(text.Length - 3, text.Length - 3), bound);
    }

    [Fact]
    public void Anchored_HeadCannotMatch_PassedOnceTheHeadHasArrived()
    {
        var text = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UE";
        var privateKey = SecretDetectorCatalog.Detectors.Single(d => d.Type == "private_key").Starts!;

        Assert.Equal(0, privateKey(text.AsSpan(0, 40), 0).Undecided);
        Assert.Equal(text.Length, privateKey(text, 0).Undecided);
    }

    private static IEnumerable<string> Texts()
    {
        foreach (var sample in FilterSamples.Positives().Concat(FilterSamples.NearMisses))
        {
            yield return sample;
            yield return $"x {sample}, and";
        }

        yield return FilterSamples.Prose[..600];
    }

    private static List<(int Start, int Length)> Matches(Regex pattern, string text, int from, int stopBefore)
    {
        var matches = new List<(int, int)>();
        foreach (var match in pattern.EnumerateMatches(text, from))
        {
            if (match.Index >= stopBefore)
            {
                break;
            }

            matches.Add((match.Index, match.Length));
        }

        return matches;
    }
}
