/*
 * The least a TLS enrollment server can spend per enrollment on this machine: two threads (one per core) accept on
 * one listening socket and, for each connection, do what ossec-authd's TLS part does and nothing else: a TLS 1.2
 * handshake through OpenSSL with OSSEC's default cipher list and the given certificate, one read of the request, one
 * written reply in agent-auth's format ("OSSEC K:'...'"), close. No key is made, stored or logged: a floor, not a
 * server. Driven by compare/enroll.sh --floor with ossec-loadtool's libssl clients; see docs/benchmarks/enrollment.md.
 *
 * usage: enroll_server <port> <certificate.pem> <key.pem>
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char ciphers[] = "EECDH+AESGCM:EDH+AESGCM:EECDH+AES256:EDH+AES256:EECDH+AES128:EDH+AES128:HIGH:!kRSA:!ADH:"
                              "!EXP:!MD5:!RC4:!3DES:!CAMELLIA:@STRENGTH";
static const char reply[] = "OSSEC K:'1024 floor any 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'\n";

static SSL_CTX *context;
static int listener;

static void *serve(void *unused)
{
    (void)unused;
    char request[1024];
    for (;;) {
        int client = accept(listener, NULL, NULL);
        if (client < 0)
            continue;
        SSL *ssl = SSL_new(context);
        SSL_set_fd(ssl, client);
        if (SSL_accept(ssl) == 1 && SSL_read(ssl, request, sizeof request) > 0)
            SSL_write(ssl, reply, (int)strlen(reply));
        SSL_free(ssl);
        close(client);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s <port> <certificate.pem> <key.pem>\n", argv[0]);
        return 2;
    }
    context = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(context, TLS1_2_VERSION);
    if (!SSL_CTX_set_cipher_list(context, ciphers) || SSL_CTX_use_certificate_chain_file(context, argv[2]) != 1
        || SSL_CTX_use_PrivateKey_file(context, argv[3], SSL_FILETYPE_PEM) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }

    listener = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1])) };
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 128) != 0) {
        perror("enroll_server: listen");
        return 1;
    }

    pthread_t second;
    pthread_create(&second, NULL, serve, NULL);
    serve(NULL);
    return 0;
}
