<?php
/**
 * The dynamic block flanders-hub/widget: block.json plus a server-side render
 * callback that produces the same markup as the shortcodes.
 *
 * @package FlandersHub
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers and renders the block.
 */
final class Flanders_Hub_Block {

	const NAME = 'flanders-hub/widget';

	/** Block attribute name => element attribute name, where they differ. */
	const RENAMED = array( 'timeZone' => 'time-zone' );

	/**
	 * Hooks the block registration.
	 */
	public static function init() {
		add_action( 'init', array( __CLASS__, 'register' ) );
	}

	/**
	 * Registers the block from blocks/widget/block.json.
	 */
	public static function register() {
		register_block_type(
			FLANDERS_HUB_DIR . '/blocks/widget',
			array( 'render_callback' => array( __CLASS__, 'render' ) )
		);
		if ( function_exists( 'wp_set_script_translations' ) ) {
			wp_set_script_translations( 'flanders-hub-widget-editor-script', 'flanders-hub', FLANDERS_HUB_DIR . '/languages' );
		}
	}

	/**
	 * Renders the block like the matching shortcode.
	 *
	 * @param array $attributes Block attributes.
	 * @return string HTML.
	 */
	public static function render( $attributes ) {
		$attributes = is_array( $attributes ) ? $attributes : array();
		$widget     = isset( $attributes['widget'] ) ? $attributes['widget'] : 'events';
		if ( ! is_string( $widget ) ) {
			return '';
		}
		$atts       = array();
		foreach ( $attributes as $name => $value ) {
			if ( 'widget' !== $name ) {
				$atts[ isset( self::RENAMED[ $name ] ) ? self::RENAMED[ $name ] : $name ] = $value;
			}
		}
		if ( isset( $atts['limit'] ) && is_float( $atts['limit'] ) ) {
			$atts['limit'] = (string) (int) $atts['limit'];
		}
		return Flanders_Hub_Widgets::render( $widget, $atts );
	}
}
