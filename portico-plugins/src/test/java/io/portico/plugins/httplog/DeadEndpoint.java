package io.portico.plugins.httplog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An endpoint that accepts connections and never answers (reads nothing, writes nothing, keeps them
 * open), or, once closed, a port that refuses connections.
 */
final class DeadEndpoint implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private DeadEndpoint() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "dead-endpoint");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts and stays silent. */
    static DeadEndpoint silent() throws IOException {
        return new DeadEndpoint();
    }

    /** A loopback URL whose port was just released: connections are refused. */
    static URI refusing(String path) {
        try (ServerSocket released = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + released.getLocalPort() + path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    int connections() {
        return accepted.size();
    }

    private void accept() {
        try {
            while (!socket.isClosed()) {
                accepted.add(socket.accept());
            }
        } catch (IOException e) {
            // Closed: the test is over.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket held : accepted) {
            held.close();
        }
    }
}
