# A Ruby program reporting with Debian's sentry-ruby (envelope endpoint, empty Content-Encoding,
# dsn in the envelope header): errors A, B, A, sent synchronously (no background worker).
require 'sentry-ruby'

Sentry.init do |config|
  config.dsn = ENV.fetch('E2E_DSN')
  config.release = 'e2e@1.0.0'
  config.environment = 'e2e'
  config.background_worker_threads = 0
  config.project_root = File.dirname(__dir__)
  config.app_dirs_pattern = /clients/
end

# E2E_PADDING_BYTES makes every event that much larger: from 30 KiB on the SDK gzips the body.
Sentry.set_extras(padding: 'x' * Integer(ENV['E2E_PADDING_BYTES'])) if ENV['E2E_PADDING_BYTES']

def charge_card(order_id)
  raise ArgumentError, "Card declined for order #{order_id}"
end

def load_profile(profiles)
  profiles.fetch(:current)
end

scenarios = { 'a' => -> { charge_card('ord-1') }, 'b' => -> { load_profile({}) } }

%w[a b a].each do |key|
  scenarios.fetch(key).call
rescue StandardError => e
  event = Sentry.capture_exception(e)
  abort('capture_exception returned nil') if event.nil?
  puts "event_id=#{event.event_id}"
end
