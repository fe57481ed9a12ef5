using Microsoft.Extensions.Configuration;

namespace LlmGateway.Infrastructure.Auth;

public sealed class BootstrapAdminOptions
{
    [ConfigurationKeyName("ADMIN_USER_ID")]
    public string? UserId { get; set; }

    [ConfigurationKeyName("ADMIN_PASSWORD")]
    public string? Password { get; set; }

    // Keeps the password out of anything that prints the options.
    public override string ToString() => $"BootstrapAdminOptions {{ UserId = {UserId} }}";
}
