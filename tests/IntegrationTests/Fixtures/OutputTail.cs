namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>The last lines a child process wrote (stdout and stderr), kept for failure messages; safe across threads.</summary>
public sealed class OutputTail(int maxLines)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            if (_lines.Count > maxLines)
            {
                _lines.Dequeue();
            }
        }
    }

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }
}
