<?php
/**
 * Plugin Name:       Flanders Academic Hub
 * Description:       Embed events, calendars, research expertise and search of the Flanders Academic Hub with shortcodes or a block.
 * Version:           1.0.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            Flanders Academic Hub
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       flanders-hub
 * Domain Path:       /languages
 *
 * @package FlandersHub
 */

defined( 'ABSPATH' ) || exit;

define( 'FLANDERS_HUB_VERSION', '1.0.0' );
define( 'FLANDERS_HUB_FILE', __FILE__ );
define( 'FLANDERS_HUB_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-flanders-hub-settings.php';
require_once __DIR__ . '/includes/class-flanders-hub-widgets.php';
require_once __DIR__ . '/includes/class-flanders-hub-block.php';

add_action( 'init', 'flanders_hub_load_textdomain' );
add_filter( 'load_script_translation_file', 'flanders_hub_script_translation_file', 10, 3 );
Flanders_Hub_Settings::init();
Flanders_Hub_Widgets::init();
Flanders_Hub_Block::init();

/**
 * The bundled translations, by language: translate.wordpress.org's files for
 * the exact locale win; else languages/flanders-hub-nl.mo serves nl_BE and
 * nl_NL alike (and so on for fr and de).
 */
function flanders_hub_load_textdomain() {
	if ( load_plugin_textdomain( 'flanders-hub', false, dirname( plugin_basename( FLANDERS_HUB_FILE ) ) . '/languages' ) ) {
		return;
	}
	$file = flanders_hub_language_file( '.mo' );
	if ( $file ) {
		load_textdomain( 'flanders-hub', $file );
	}
}

/**
 * The block editor script's translations, found like the PHP ones.
 *
 * @param string|false $file   File WordPress looks for.
 * @param string       $handle Script handle.
 * @param string       $domain Text domain.
 * @return string|false
 */
function flanders_hub_script_translation_file( $file, $handle, $domain ) {
	if ( 'flanders-hub' !== $domain || ( $file && is_readable( $file ) ) ) {
		return $file;
	}
	$bundled = flanders_hub_language_file( '-editor.json' );
	return $bundled ? $bundled : $file;
}

/**
 * The bundled file of the current language with that ending, or ''.
 *
 * @param string $ending '.mo' or '-editor.json'.
 * @return string
 */
function flanders_hub_language_file( $ending ) {
	$language = strtolower( substr( (string) determine_locale(), 0, 2 ) );
	if ( ! in_array( $language, array( 'nl', 'fr', 'de' ), true ) ) {
		return '';
	}
	$file = FLANDERS_HUB_DIR . '/languages/flanders-hub-' . $language . $ending;
	return is_readable( $file ) ? $file : '';
}
