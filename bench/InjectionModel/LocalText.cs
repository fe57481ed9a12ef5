using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

// Benign training text that looks like real traffic — documentation, prose, source code, other languages — read
// from files every machine with the .NET SDK and a Debian base already has. No download. Sampling is deterministic:
// sorted paths, a fixed seed, fixed caps; a source whose folder is missing is skipped and the counts say so.
// Each example's Group is the file it came from: cross-validation keeps a file's texts in one fold, so held-out
// rates are about files the model never saw.
internal static partial class LocalText
{
    private const int MaxDocChars = 12288;

    public static List<LocalExample> Load(int seed)
    {
        var examples = new List<LocalExample>();
        var random = new Random(seed);
        XmlDocs(examples, random);
        Documents(examples, random);
        Code(examples, random);
        Translations(examples, random);
        return examples;
    }

    // .NET reference-assembly XML docs: API summaries alone (short sentences) and runs of consecutive summaries of one
    // assembly (multi-paragraph technical documents, 1–6 KB).
    private static void XmlDocs(List<LocalExample> examples, Random random)
    {
        var files = Files("/usr/share/dotnet/packs", "*.xml").Where(f => f.Contains("/ref/net", StringComparison.Ordinal)).ToList();
        var perFile = new List<(string File, List<string> Summaries)>();
        foreach (var file in files)
        {
            var summaries = new List<string>();
            try
            {
                foreach (var member in XDocument.Load(file).Descendants("member"))
                {
                    var text = Flatten(member.Element("summary")) + " " + Flatten(member.Element("remarks"));
                    text = Spaces().Replace(text, " ").Trim();
                    if (text.Length >= 30)
                    {
                        summaries.Add(text);
                    }
                }
            }
            catch (System.Xml.XmlException)
            {
                continue;
            }

            if (summaries.Count > 0)
            {
                perFile.Add((file, summaries));
            }
        }

        for (var i = 0; i < 800 && perFile.Count > 0; i++)
        {
            var (file, summaries) = perFile[random.Next(perFile.Count)];
            examples.Add(new LocalExample(summaries[random.Next(summaries.Count)], "local:api-docs", file));
        }

        for (var i = 0; i < 250 && perFile.Count > 0; i++)
        {
            var (file, summaries) = perFile[random.Next(perFile.Count)];
            var start = random.Next(summaries.Count);
            var document = new StringBuilder();
            for (var k = start; k < summaries.Count && document.Length < 1000 + random.Next(5000); k++)
            {
                document.Append(summaries[k]).Append("\n\n");
            }

            examples.Add(new LocalExample(document.ToString(), "local:api-docs-long", file));
        }
    }

    // Debian package documentation: READMEs, Markdown, plain-text guides.
    private static void Documents(List<LocalExample> examples, Random random)
    {
        var files = Files("/usr/share/doc", "*")
            .Where(f => !f.EndsWith(".gz", StringComparison.Ordinal) && !f.EndsWith("copyright", StringComparison.Ordinal))
            .Where(f => new FileInfo(f).Length is > 400 and < 500_000)
            .Where(f => Path.GetFileName(f).StartsWith("README", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".markdown", StringComparison.Ordinal))
            .ToList();
        foreach (var file in Sample(files, 300, random))
        {
            AddFile(examples, file, "local:docs");
        }
    }

    // Source code: Python modules and C headers.
    private static void Code(List<LocalExample> examples, Random random)
    {
        var python = Files("/usr/lib/python3", "*.py").Concat(Files("/usr/lib/python3.11", "*.py")).Where(f => new FileInfo(f).Length > 800).ToList();
        var headers = Files("/usr/include", "*.h").Where(f => new FileInfo(f).Length > 800).ToList();
        foreach (var file in Sample(python, 200, random).Concat(Sample(headers, 200, random)))
        {
            AddFile(examples, file, "local:code");
        }
    }

    // Translated program messages (gettext .mo files) in German, Spanish, French, Italian, Portuguese and Dutch:
    // short benign sentences in the languages injections come in.
    private static void Translations(List<LocalExample> examples, Random random)
    {
        var messages = new List<(string Text, string File)>();
        foreach (var language in new[] { "de", "es", "fr", "it", "pt", "nl" })
        {
            foreach (var file in Files($"/usr/share/locale/{language}/LC_MESSAGES", "*.mo"))
            {
                foreach (var message in MoStrings(File.ReadAllBytes(file)))
                {
                    if (message.Length >= 40 && message.Count(char.IsLetter) * 2 > message.Length)
                    {
                        messages.Add((message, file));
                    }
                }
            }
        }

        foreach (var (text, file) in Sample(messages, 1200, random))
        {
            examples.Add(new LocalExample(text, "local:translations", file));
        }
    }

    private static void AddFile(List<LocalExample> examples, string file, string family)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException)
        {
            return;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return;
        }

        examples.Add(new LocalExample(text.Length > MaxDocChars ? text[..MaxDocChars] : text, family, file));
    }

    // The translated strings of a gettext .mo file (format: magic, count, offsets of originals and translations).
    private static IEnumerable<string> MoStrings(byte[] bytes)
    {
        if (bytes.Length < 28 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != 0x950412de)
        {
            yield break;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        var table = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16));
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(table + (8 * i)));
            var offset = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(table + (8 * i) + 4));
            if (length <= 0 || offset < 0 || offset + length > bytes.Length)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(bytes, offset, length);
            var nul = text.IndexOf('\0', StringComparison.Ordinal);
            yield return nul >= 0 ? text[..nul] : text;
        }
    }

    private static string Flatten(XElement? element)
    {
        if (element is null)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var node in element.DescendantNodes())
        {
            if (node is XText t)
            {
                text.Append(t.Value);
            }
            else if (node is XElement { Name.LocalName: "see" or "seealso" or "paramref" or "typeparamref" } e && !e.Nodes().Any())
            {
                var name = (string?)e.Attribute("cref") ?? (string?)e.Attribute("name") ?? (string?)e.Attribute("langword") ?? "";
                text.Append(' ').Append(name[(name.LastIndexOf('.') + 1)..]).Append(' ');
            }
        }

        return text.ToString();
    }

    private static List<string> Files(string root, string pattern)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var files = Directory.EnumerateFiles(root, pattern, new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static List<T> Sample<T>(List<T> items, int count, Random random)
    {
        var copy = items.ToArray();
        random.Shuffle(copy);
        return [.. copy.Take(count)];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

internal sealed record LocalExample(string Text, string Family, string Group);
