using System.Diagnostics;
using LlmGateway.Domain.Inspection;

// The adversarial-suffix model (CharacterModel): character-class trigrams counted on ordinary text — corpus/train's
// benign prompts (prose in eighteen languages, code, maths, system prompts) and LocalText (documentation, source code,
// translations) — smoothed Witten-Bell style with bigram and unigram estimates, stored as quantised surprisal.
// The threshold and contrast are chosen so that at most 0.2% of those benign texts are flagged, catching as many
// synthetic suffixes (GcgLikeSuffix after a benign train prompt) of a development draw as possible; detection is then
// measured on a separate draw.
internal static class CharacterModelTrainer
{
    private const int S = CharacterModel.Symbols;
    private const double MaxFalsePositiveShare = 0.002;

    public static void Train(List<string> benign, List<string> local, string output)
    {
        var started = Stopwatch.GetTimestamp();
        var all = benign.Concat(local).Concat(Authored.Benign).Concat(Notation()).ToList();
        var code = all.Where(IsCode).ToList();
        var prose = all.Where(t => !IsCode(t)).ToList();
        var proseTable = Fit(prose, out var proseChars);
        var codeTable = Fit(code, out var codeChars);
        var total = proseChars + codeChars;

        // Threshold and contrast: of the pairs that flag at most MaxFalsePositiveShare of the train benign texts and of the
        // local texts, the one that catches most synthetic suffixes (a development set of its own, seed apart from the
        // measurement below). Rates here are training rates.
        var carriers = benign.Where(t => t.Length is >= 30 and <= 1500).ToArray();
        var development = new Random(20261206);
        var developmentTexts = Enumerable.Range(0, 1000).Select(_ => carriers[development.Next(carriers.Length)] + " " + GcgLikeSuffix(development)).ToArray();
        (float Threshold, float Contrast, float Gap, int Caught) best = (float.MaxValue, float.MaxValue, 0, -1);
        foreach (var gap in (float[])[0.5f, 1f, 1.5f, 2f, 3f, 1000f])
        {
            var unthresholded = new CharacterModel(proseTable, codeTable, float.MaxValue, float.MaxValue, gap);
            var benignScores = benign.Select(t => unthresholded.Score(t)).ToArray();
            var localScores = local.Select(t => unthresholded.Score(t)).ToArray();
            var developmentScores = developmentTexts.Select(t => unthresholded.Score(t)).ToArray();
            for (var threshold = 3.5f; threshold <= 7f; threshold += 0.1f)
            {
                for (var contrast = 0f; contrast <= 3f; contrast += 0.1f)
                {
                    if (Flagged(benignScores, threshold, contrast) > MaxFalsePositiveShare * benignScores.Length
                        || Flagged(localScores, threshold, contrast) > MaxFalsePositiveShare * localScores.Length)
                    {
                        continue;
                    }

                    var caught = Flagged(developmentScores, threshold, contrast);
                    if (caught > best.Caught)
                    {
                        best = ((float)Math.Round(threshold, 2), (float)Math.Round(contrast, 2), gap, caught);
                    }
                }
            }
        }

        var model = new CharacterModel(proseTable, codeTable, best.Threshold, best.Contrast, best.Gap);
        var benignFlagged = benign.Count(t => model.HasGibberish(t));
        var localFlagged = local.Count(t => model.HasGibberish(t));
        File.WriteAllBytes(output, model.Serialize());

        var random = new Random(20261207);
        var attacked = 0;
        const int Attacks = 2000;
        for (var i = 0; i < Attacks; i++)
        {
            attacked += model.HasGibberish(carriers[random.Next(carriers.Length)] + " " + GcgLikeSuffix(random)) ? 1 : 0;
        }

        Console.WriteLine($"{benign.Count} train benign texts, {local.Count} local texts: {prose.Count} prose ({proseChars} scored characters), {code.Count} code ({codeChars}); windows of {CharacterModel.WindowChars}, suffix {CharacterModel.SuffixChars} chars");
        Console.WriteLine($"threshold {best.Threshold:0.00} bits/char, contrast {best.Contrast:0.00}, domain gap {best.Gap:0.0}: train benign flagged {benignFlagged}/{benign.Count}, local flagged {localFlagged}/{local.Count} (training rates)");
        Console.WriteLine($"synthetic GCG-like suffix after a train benign prompt: flagged {attacked}/{Attacks} = {100.0 * attacked / Attacks:0.0}%");
        Console.WriteLine($"wrote {output} ({new FileInfo(output).Length} bytes) in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    private static int Flagged(SuffixScore[] scores, float threshold, float contrast) =>
        scores.Count(s => s.Suffix >= threshold && s.Suffix - s.Request >= contrast);

    // JSON, JavaScript, SQL and shell files this machine already has (as LocalText reads docs and code): notations the
    // corpus holds little of. Sorted paths, the first 4 KB of at most 150 files of each kind; deterministic for a machine.
    private static IEnumerable<string> Notation()
    {
        foreach (var pattern in (string[])["*.json", "*.js", "*.sql", "*.sh"])
        {
            var files = new List<string>();
            foreach (var root in (string[])["/usr/share", "/usr/lib", "/etc"])
            {
                if (Directory.Exists(root))
                {
                    files.AddRange(Directory.EnumerateFiles(root, pattern, new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }));
                }
            }

            files.Sort(StringComparer.Ordinal);
            var step = Math.Max(1, files.Count / 150);
            for (var i = 0; i < files.Count; i += step)
            {
                string text;
                try
                {
                    text = File.ReadAllText(files[i]);
                }
                catch (IOException)
                {
                    continue;
                }

                yield return text.Length > 4096 ? text[..4096] : text;
            }
        }
    }

    // A text is code (or markup) when more than one character in twelve is ASCII punctuation other than . , ' ? !
    private static bool IsCode(string text)
    {
        var punctuation = 0;
        foreach (var c in text)
        {
            punctuation += char.IsAsciiLetterOrDigit(c) || char.IsWhiteSpace(c) || c > 127 || c is '.' or ',' or '\'' or '?' or '!' ? 0 : 1;
        }

        return punctuation * 12 > text.Length;
    }

    // Trigram counts smoothed Witten-Bell style with the bigram and (add-one) unigram estimates, as quantised surprisal.
    private static byte[] Fit(List<string> texts, out long total)
    {
        var trigrams = new long[S * S * S];
        var bigrams = new long[S * S];
        var unigrams = new long[S];
        var symbols = new List<int>();
        foreach (var text in texts)
        {
            symbols.Clear();
            CharacterModel.Sequence(text, symbols);
            int a = 0, b = 0;
            foreach (var c in symbols)
            {
                if (c < 0)
                {
                    a = b = 0;
                    continue;
                }

                trigrams[(((a * S) + b) * S) + c]++;
                bigrams[(b * S) + c]++;
                unigrams[c]++;
                a = b;
                b = c;
            }
        }

        total = unigrams.Sum();
        var surprisal = new byte[S * S * S];
        for (var b = 0; b < S; b++)
        {
            var bigramTotal = 0L;
            var bigramTypes = 0;
            for (var c = 0; c < S; c++)
            {
                bigramTotal += bigrams[(b * S) + c];
                bigramTypes += bigrams[(b * S) + c] > 0 ? 1 : 0;
            }

            for (var a = 0; a < S; a++)
            {
                var context = ((a * S) + b) * S;
                var trigramTotal = 0L;
                var trigramTypes = 0;
                for (var c = 0; c < S; c++)
                {
                    trigramTotal += trigrams[context + c];
                    trigramTypes += trigrams[context + c] > 0 ? 1 : 0;
                }

                for (var c = 0; c < S; c++)
                {
                    var p1 = (unigrams[c] + 1.0) / (total + S);
                    var p2 = bigramTotal == 0 ? p1 : (bigrams[(b * S) + c] + (bigramTypes * p1)) / (bigramTotal + bigramTypes);
                    var p3 = trigramTotal == 0 ? p2 : (trigrams[context + c] + (trigramTypes * p2)) / (trigramTotal + trigramTypes);
                    surprisal[context + c] = (byte)Math.Clamp(Math.Round(-Math.Log2(p3) * CharacterModel.Scale), 0, 255);
                }
            }
        }

        return surprisal;
    }

    // Stand-in for an optimised suffix (for measurement only): twenty tokens of the kinds a GCG search strings together —
    // word pieces in odd case, bracket and quote runs, markup fragments — mostly separated by spaces.
    public static string GcgLikeSuffix(Random random)
    {
        string[] pieces =
        [
            "describing", "similarly", "Now", "write", "oppos", "itele", "Me", "giving", "ONE", "please", "revert", "Two",
            "tableView", "INST", "cour", "Here", "surely", "comment", "github", "Sure", "manual", "sentence", "Fr", "anton",
            "Lorem", "quick", "bias", "plural", "SQL", "\\", "](", "**", "!--", "={", "[@", "\"@", "({", "})", "'", ";)",
            "\\!", "}\\", ".](", "%%", "><", "==", "+", ":(", "``", "$(", "#[", "^{", "|\\",
        ];
        var parts = new System.Text.StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            var piece = pieces[random.Next(pieces.Length)];
            parts.Append(random.Next(4) switch
            {
                0 => piece.ToUpperInvariant(),
                1 => char.ToUpperInvariant(piece[0]) + piece[1..],
                _ => piece,
            });
            if (random.Next(3) != 0)
            {
                parts.Append(' ');
            }
        }

        return parts.ToString();
    }
}
