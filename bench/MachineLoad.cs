namespace ComplaintBot.Bench;

/// <summary>The load average (/proc/loadavg, what <c>uptime</c> prints), to say how busy the machine was during a figure.</summary>
public static class MachineLoad
{
    public static string Now()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average {parts[0]}, {parts[1]}, {parts[2]} ({Environment.ProcessorCount} cores)";
        }
        catch (IOException)
        {
            return $"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC, load average unknown";
        }
    }
}
