using System.Globalization;
using System.Text;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.Application.Chat;

/// <summary>
/// The output filter for text that is JSON — structured output (<c>response_format</c> JSON) and tool-call arguments — so
/// that a redaction keeps it valid JSON: each string literal is decoded, filtered on its own and written back with its
/// escaping intact (<c>"key": "AKIA…"</c> becomes <c>"key": "[REDACTED:aws_access_key_id]"</c>), and a number or literal
/// outside strings that the filter would redact (a card number written as a JSON number) is replaced by the marker as a
/// string. Works on pieces as they stream, with the same result for any chunking. One instance per text; not thread-safe.
/// </summary>
/// <remarks>
/// Text outside strings is judged token by token (a number, <c>true</c>...), which is exact for JSON; a model that writes
/// prose outside strings in JSON mode has that prose filtered word by word only.
/// </remarks>
internal sealed class JsonTextFilter(OutputFilter filter)
{
    /// <summary>A token outside strings longer than this is no JSON number or literal: it is judged at this length.</summary>
    private const int MaxToken = 256;

    private readonly StringBuilder _decoded = new();
    private readonly StringBuilder _token = new();
    private readonly StringBuilder _output = new();
    private readonly RedactionTally _redactions = new();
    private StreamingOutputFilter? _string;
    private State _state;
    private int _escapeValue;
    private int _escapeDigits;

    private enum State
    {
        Outside,
        InString,
        Escape,
        UnicodeEscape,
    }

    public IReadOnlyList<Redaction> Redactions => _redactions.ToList();

    public bool HasRedactions => _redactions.Count > 0 || (_string is not null && _string.Redactions.Count > 0);

    /// <summary>Filters a whole JSON text.</summary>
    public static FilterResult FilterWhole(OutputFilter filter, string text)
    {
        var json = new JsonTextFilter(filter);
        var released = json.Push(text) + json.Flush();
        return new FilterResult(released, json.Redactions);
    }

    /// <summary>Adds a piece; returns what may be released now.</summary>
    public string Push(string chunk)
    {
        _output.Clear();
        foreach (var c in chunk)
        {
            Consume(c);
        }

        if (_state != State.Outside && _decoded.Length > 0)
        {
            AppendEscaped(_string!.Push(_decoded.ToString()));
            _decoded.Clear();
        }

        return _output.ToString();
    }

    /// <summary>Releases the rest at the end of the text (a string the text left open stays open).</summary>
    public string Flush()
    {
        _output.Clear();
        if (_string is not null)
        {
            AppendEscaped(_string.Push(_decoded.ToString()) + _string.Flush());
            _decoded.Clear();
            _redactions.Add(_string.Redactions);
            _string = null;
        }

        EndToken();
        return _output.ToString();
    }

    private void Consume(char c)
    {
        switch (_state)
        {
            case State.Outside when c == '"':
                EndToken();
                _output.Append('"');
                _string = filter.CreateStream();
                _state = State.InString;
                break;
            case State.Outside when IsStructural(c):
                EndToken();
                _output.Append(c);
                break;
            case State.Outside:
                _token.Append(c);
                if (_token.Length >= MaxToken)
                {
                    EndToken();
                }

                break;
            case State.InString when c == '\\':
                _state = State.Escape;
                break;
            case State.InString when c == '"':
                AppendEscaped(_string!.Push(_decoded.ToString()) + _string.Flush());
                _decoded.Clear();
                _redactions.Add(_string.Redactions);
                _string = null;
                _output.Append('"');
                _state = State.Outside;
                break;
            case State.InString:
                _decoded.Append(c);
                break;
            case State.Escape:
                _state = State.InString;
                switch (c)
                {
                    case 'n': _decoded.Append('\n'); break;
                    case 'r': _decoded.Append('\r'); break;
                    case 't': _decoded.Append('\t'); break;
                    case 'b': _decoded.Append('\b'); break;
                    case 'f': _decoded.Append('\f'); break;
                    case 'u':
                        _state = State.UnicodeEscape;
                        _escapeValue = 0;
                        _escapeDigits = 0;
                        break;
                    default: _decoded.Append(c); break; // \" \\ \/ (and anything invalid, as itself)
                }

                break;
            case State.UnicodeEscape:
                if (!char.IsAsciiHexDigit(c))
                {
                    _decoded.Append(c);
                    _state = State.InString;
                    break;
                }

                _escapeValue = (_escapeValue << 4) + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
                if (++_escapeDigits == 4)
                {
                    _decoded.Append((char)_escapeValue);
                    _state = State.InString;
                }

                break;
        }
    }

    private static bool IsStructural(char c) => c is '{' or '}' or '[' or ']' or ',' or ':' || char.IsWhiteSpace(c);

    /// <summary>A number or literal outside strings, judged whole; redacted, it becomes the marker as a string.</summary>
    private void EndToken()
    {
        if (_token.Length == 0)
        {
            return;
        }

        var token = _token.ToString();
        _token.Clear();
        var result = filter.Filter(token);
        if (result.Redactions.Count == 0)
        {
            _output.Append(token);
            return;
        }

        _redactions.Add(result.Redactions);
        _output.Append('"');
        AppendEscaped(result.Text);
        _output.Append('"');
    }

    /// <summary>Text written back inside a JSON string: quote, backslash and control characters escaped.</summary>
    private void AppendEscaped(string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': _output.Append("\\\""); break;
                case '\\': _output.Append("\\\\"); break;
                case '\n': _output.Append("\\n"); break;
                case '\r': _output.Append("\\r"); break;
                case '\t': _output.Append("\\t"); break;
                case < ' ':
                    _output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: _output.Append(c); break;
            }
        }
    }
}

/// <summary>Redaction counts per type, in order of first appearance, added up over several filtered texts.</summary>
internal sealed class RedactionTally
{
    private readonly List<Redaction> _redactions = [];

    public int Count => _redactions.Count;

    public void Add(IReadOnlyList<Redaction> redactions)
    {
        foreach (var redaction in redactions)
        {
            var found = false;
            for (var i = 0; i < _redactions.Count; i++)
            {
                if (string.Equals(_redactions[i].Type, redaction.Type, StringComparison.Ordinal))
                {
                    _redactions[i] = _redactions[i] with { Count = _redactions[i].Count + redaction.Count };
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                _redactions.Add(redaction);
            }
        }
    }

    public IReadOnlyList<Redaction> ToList() => _redactions.Count == 0 ? [] : [.. _redactions];
}
