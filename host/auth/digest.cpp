#include "auth/digest.h"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>

#include <vector>

namespace tdr::host {

namespace {
// Poco's HMACEngine needs the block and digest sizes as members.
class Sha256Engine : public Poco::SHA2Engine {
 public:
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  Sha256Engine() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};
}  // namespace

std::string sha256Hex(const std::string& data) {
  Sha256Engine engine;
  engine.update(data);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string hmacSha256Hex(const std::string& key, const std::string& data) {
  Poco::HMACEngine<Sha256Engine> engine(key);
  engine.update(data);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string randomHex(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  Poco::RandomInputStream rnd;
  rnd.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(bytes));
  return Poco::DigestEngine::digestToHex(buf);
}

}  // namespace tdr::host
