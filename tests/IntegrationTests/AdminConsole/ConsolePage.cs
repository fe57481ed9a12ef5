using Microsoft.Playwright;

namespace LlmGateway.IntegrationTests.AdminConsole;

/// <summary>
/// One console tab in its own browser context, with what the browser reported while it ran: console errors and uncaught
/// page errors (a test ends with <see cref="AssertNoScriptOrPolicyErrors"/>). Closing it closes the context, and with it
/// everything the tab held in memory.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _pageErrors = [];

    public ConsolePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_pageErrors)
            {
                _pageErrors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    public ILocator ByTestId(string testId) => Page.GetByTestId(testId);

    public async Task LoginAsync(string userId, string password)
    {
        await ByTestId("login-user").FillAsync(userId);
        await ByTestId("login-password").FillAsync(password);
        await ByTestId("login-submit").ClickAsync();
    }

    /// <summary>Follows the navigation link to a page, as a user would (by its whole name: "Policy" is not "Team policy").</summary>
    public Task OpenAsync(string linkText) => Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = linkText, Exact = true }).ClickAsync();

    /// <summary>
    /// Asserts the browser refused nothing for the Content Security Policy and no script failed. A 4xx answer the page
    /// expects (a conflict, a refused draft) is logged by Chromium as a failed resource load; that is not a script error.
    /// </summary>
    public void AssertNoScriptOrPolicyErrors()
    {
        string[] errors;
        lock (_consoleErrors)
        {
            errors = _consoleErrors.Where(e => !e.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal)).ToArray();
        }

        lock (_pageErrors)
        {
            errors = [.. errors, .. _pageErrors];
        }

        Assert.True(errors.Length == 0, "The browser reported: " + string.Join(" | ", errors));
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
