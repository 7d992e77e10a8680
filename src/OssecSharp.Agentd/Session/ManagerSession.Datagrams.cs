using System.Net.Sockets;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Agentd.Session;

internal sealed partial class ManagerSession
{
    /// <summary>How often a blocked receive looks at its token (a shutdown of the socket wakes it sooner).</summary>
    private static readonly TimeSpan s_receiveStopCheck = TimeSpan.FromSeconds(30);

    /// <summary>
    /// UDP: the manager's datagrams read by blocking receives on a thread of this connection, so that the socket stays
    /// out of the runtime's epoll engine, which woke a thread-pool worker after every event sent.
    /// </summary>
    private async Task DatagramReceiveLoopAsync(ManagerConnection connection, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                DatagramReceiveLoop(connection, cancellationToken);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "manager receive",
        };
        thread.Start();
        using (cancellationToken.UnsafeRegister(static c => ((ManagerConnection)c!).StopReceiving(), connection))
        {
            await done.Task.ConfigureAwait(false);
        }
    }

    private void DatagramReceiveLoop(ManagerConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = connection.Receive(buffer, s_receiveStopCheck);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            catch (SocketException ex) when (IsPeerGone(ex.SocketErrorCode))
            {
                // The receive consumed the ICMP error that a send would otherwise have reported.
                MarkRefused();
                continue;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException ex)
            {
                _log.Debug("Receive error from the server: {Reason}", ex.SocketErrorCode);
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                Dispatch(connection, buffer.AsSpan(0, length), work);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _log.Error("Error handling a message from the server: {Reason}", ex.Message);
            }
        }
    }
}
