using System.ComponentModel.DataAnnotations;

namespace LlmGateway.Api;

public sealed class ApiOptions
{
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    [ConfigurationKeyName("MAX_REQUEST_BODY_BYTES")]
    [Range(1024, 64L * 1024 * 1024, ErrorMessage = "MAX_REQUEST_BODY_BYTES must be between 1024 and 67108864.")]
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;
}
