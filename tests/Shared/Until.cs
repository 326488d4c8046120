namespace DiffusionBot.TestSupport;

/// <summary>Waits for a condition that must become true (a call parked, a request seen); never a proof that nothing happened.</summary>
internal static class Until
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");

            // Bounded poll for a state that must be reached; what the test then asserts is checked on that state, not on elapsed time.
            await Task.Delay(2);
        }
    }
}
