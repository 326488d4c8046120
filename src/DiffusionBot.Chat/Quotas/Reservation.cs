namespace DiffusionBot.Chat.Quotas;

/// <summary>The outcome of reserving images: granted, or refused with a message naming the limit and when it frees up.</summary>
public readonly record struct Reservation(bool Granted, string? Refusal)
{
    public static Reservation Grant() => new(true, null);

    public static Reservation Refuse(string message) => new(false, message);
}
