using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace LlmGateway.Application.ApiKeys;

/// <summary>API key settings, bound from the flat environment names of docs/configuration.md at the configuration root.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>How long a rotated key's old secret stays valid when the rotation names no grace period.</summary>
    [ConfigurationKeyName("API_KEY_ROTATION_GRACE_SECONDS")]
    [Range(0, 2_592_000, ErrorMessage = "API_KEY_ROTATION_GRACE_SECONDS must be between 0 and 2592000 (30 days).")]
    public int RotationGraceSeconds { get; set; } = 86_400;

    /// <summary>The longest grace period a rotation may ask for.</summary>
    [ConfigurationKeyName("API_KEY_ROTATION_MAX_GRACE_SECONDS")]
    [Range(0, 2_592_000, ErrorMessage = "API_KEY_ROTATION_MAX_GRACE_SECONDS must be between 0 and 2592000 (30 days).")]
    public int MaxRotationGraceSeconds { get; set; } = 604_800;
}
