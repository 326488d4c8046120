namespace DiffusionBot.Discord.Gateway;

/// <summary>The gateway closed with a code that retrying cannot fix; the cause names the setting to change.</summary>
internal sealed class DiscordGatewayException(int closeCode, string cause)
    : Exception($"Discord gateway closed with {closeCode}: {cause}")
{
    public int CloseCode { get; } = closeCode;

    public string Cause { get; } = cause;
}
